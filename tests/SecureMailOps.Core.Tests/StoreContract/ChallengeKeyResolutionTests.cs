using System;
using System.IO;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.State;
using SecureMailOps.Postgres;
using Xunit;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>
/// How the challenge key is found for each store: a named key file (or the one the environment
/// variable names) the same way on SQLite and PostgreSQL; the file beside the store only for SQLite.
/// The environment variable is process-wide, so these tests never set it while others read it: they
/// run in the PostgreSQL collection, one at a time.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class ChallengeKeyResolutionTests : IDisposable
{
    private readonly TestStore _folder = new();
    private readonly PostgresStateStore _postgres;
    private readonly SqliteStateStore _sqlite;

    public ChallengeKeyResolutionTests(PostgresServerFixture fixture)
    {
        _postgres = PostgresStateStore.Open(fixture.Server.CreateDatabase());
        _sqlite = SqliteStateStore.Open(_folder.DatabasePath);
    }

    [Fact]
    public void A_named_key_file_is_the_same_key_on_both_stores()
    {
        string file = Path.Combine(_folder.Folder, "shared.key");
        ChallengeKey onPostgres = ChallengeKey.Resolve(_postgres, file);
        ChallengeKey onSqlite = ChallengeKey.Resolve(_sqlite, file);
        Assert.Equal(onPostgres.Id, onSqlite.Id);
        Assert.Equal(Path.GetFullPath(file), onSqlite.Path);
        Assert.Equal(32, new FileInfo(file).Length);
    }

    [Fact]
    public void The_environment_variable_names_the_key_file_when_none_is_given_and_a_named_file_wins()
    {
        string fromEnvironment = Path.Combine(_folder.Folder, "env.key");
        string named = Path.Combine(_folder.Folder, "named.key");
        string? saved = Environment.GetEnvironmentVariable(ChallengeKey.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ChallengeKey.EnvironmentVariable, fromEnvironment);
            Assert.Equal(Path.GetFullPath(fromEnvironment), ChallengeKey.Resolve(_postgres, null).Path);
            Assert.Equal(Path.GetFullPath(fromEnvironment), ChallengeKey.Resolve(_sqlite, null).Path);
            Assert.Equal(Path.GetFullPath(named), ChallengeKey.Resolve(_postgres, named).Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChallengeKey.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Without_a_key_SQLite_uses_the_file_beside_it_and_PostgreSQL_is_refused()
    {
        string? saved = Environment.GetEnvironmentVariable(ChallengeKey.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ChallengeKey.EnvironmentVariable, null);
            Assert.Equal(_sqlite.Location + ChallengeKey.FileSuffix, ChallengeKey.Resolve(_sqlite, null).Path);
            var error = Assert.Throws<SecureMailOpsException>(() => ChallengeKey.Resolve(_postgres, null));
            Assert.Equal(ChallengeErrorIds.KeyMissing, error.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ChallengeKey.EnvironmentVariable, saved);
        }
    }

    public void Dispose()
    {
        _postgres.Dispose();
        _sqlite.Dispose();
        _folder.Dispose();
    }
}
