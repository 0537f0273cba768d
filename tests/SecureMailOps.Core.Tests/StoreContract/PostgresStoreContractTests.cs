using System;
using Npgsql;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Postgres;
using Xunit;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>Starts one PostgreSQL server for the PostgreSQL test classes.</summary>
public sealed class PostgresServerFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());

    public PostgresServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}

/// <summary>The store contract against a real PostgreSQL 15 (one database for the class).</summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresStoreContractTests : StateStoreContract, IDisposable
{
    private readonly PostgresStateStore _store;

    public PostgresStoreContractTests(PostgresServerFixture fixture)
    {
        _store = PostgresStateStore.Open(fixture.Server.CreateDatabase());
    }

    protected override IStateStore Store => _store;

    public void Dispose() => _store.Dispose();
}

/// <summary>What only a server store has: migration under concurrency, refusal of a newer schema, the password, URIs.</summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresStoreTests
{
    private readonly PostgresServer _server;

    public PostgresStoreTests(PostgresServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public void Many_workers_opening_an_empty_database_at_once_migrate_it_once()
    {
        string connection = _server.CreateDatabase();
        System.Threading.Tasks.Parallel.For(0, 8, _ => PostgresStateStore.Open(connection).Dispose());
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        Assert.Equal(PostgresMigrations.LatestVersion, store.GetSchemaVersion());
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var count = new NpgsqlCommand("SELECT COUNT(*) FROM securemailops_schema", db);
        Assert.Equal(1L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_server_killed_mid_loop_fails_the_calls_in_flight_clearly_accepts_no_code_twice_and_the_next_calls_work()
    {
        using PostgresStateStore store = PostgresStateStore.Open(_server.CreateDatabase());
        byte[] key = System.Text.Encoding.ASCII.GetBytes("12345678901234567890");
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        string code = SecureMailOps.Core.Otp.OtpGenerator.ComputeTotp(key, now).Code;
        var authenticator = new SecureMailOps.Core.Otp.OtpAuthenticator(store, () => now);
        var valid = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<SecureMailOpsException>();
        const int Accounts = 40;

        // Each account's one code is offered twice per round; rounds run while the server is killed and started again.
        void Round()
        {
            for (int i = 0; i < Accounts; i++)
            {
                for (int twice = 0; twice < 2; twice++)
                {
                    try
                    {
                        if (authenticator.VerifyTotp(key, code, accountId: "f" + i).Valid)
                        {
                            valid.AddOrUpdate("f" + i, 1, (_, n) => n + 1);
                        }
                    }
                    catch (SecureMailOpsException ex)
                    {
                        errors.Add(ex);
                    }
                }
            }
        }

        // Rounds go on until one has run wholly after the crash (bounded), so the kill always lands inside the loop
        // however fast the server answers; a fixed number of rounds could finish before the crash on a quiet machine.
        using var crashed = new System.Threading.ManualResetEventSlim(false);
        var loop = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                bool afterCrash = crashed.IsSet;
                Round();
                if (afterCrash || DateTime.UtcNow > deadline)
                {
                    break;
                }
            }
        });
        await System.Threading.Tasks.Task.Delay(300);
        bool restarted = false;
        try
        {
            _server.Crash();
            crashed.Set();
            await loop;
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal((StateStoreErrorIds.Unavailable, FailureKind.ConnectionError), (e.ErrorId, e.Kind)));
            Assert.All(errors, e => Assert.DoesNotContain(_server.Password, e.ToString(), StringComparison.Ordinal));

            // No pool clearing here: the store itself must get past the pool's connections to the old server.
            _server.Start();
            restarted = true;
        }
        finally
        {
            // A failed assertion above must not leave the shared server down for the rest of the collection.
            if (!restarted)
            {
                crashed.Set();
                await loop;
                _server.Start();
                NpgsqlConnection.ClearAllPools();
            }
        }

        errors.Clear();
        Round();
        Assert.Empty(errors);

        // The fixture's own pooled connections (CreateDatabase, as the superuser) went stale too: cleared for the tests that follow.
        NpgsqlConnection.ClearAllPools();
        Assert.All(valid.Values, n => Assert.Equal(1, n));
        Assert.True(valid.Count <= Accounts);
        for (int i = 0; i < Accounts; i++)
        {
            Assert.NotEqual(SecureMailOps.Core.Otp.OtpVerificationReason.Valid, authenticator.VerifyTotp(key, code, accountId: "f" + i).Reason);
        }
    }

    [Fact]
    public void A_newer_schema_is_refused_without_writing()
    {
        string connection = _server.CreateDatabase();
        using (var db = new NpgsqlConnection(connection))
        {
            db.Open();
            using var setup = new NpgsqlCommand("CREATE TABLE securemailops_schema (version integer NOT NULL); INSERT INTO securemailops_schema VALUES (99)", db);
            setup.ExecuteNonQuery();
        }

        var error = Assert.Throws<SecureMailOpsException>(() => PostgresStateStore.Open(connection));
        Assert.Equal(StateStoreErrorIds.TooNew, error.ErrorId);
        using var check = new NpgsqlConnection(connection);
        check.Open();
        using var tables = new NpgsqlCommand("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'", check);
        Assert.Equal(1L, (long)tables.ExecuteScalar()!);
    }

    [Fact]
    public void A_uri_and_a_separate_password_open_the_same_store_and_the_password_is_never_in_the_location_or_an_error()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server.CreateDatabase());
        string uri = $"postgresql://{builder.Username}@127.0.0.1:{builder.Port}/{builder.Database}?sslmode=disable";
        using PostgresStateStore store = PostgresStateStore.Open(uri, _server.Password);
        Assert.Equal(PostgresMigrations.LatestVersion, store.GetSchemaVersion());
        Assert.DoesNotContain(_server.Password, store.Location, StringComparison.Ordinal);

        var wrong = Assert.Throws<SecureMailOpsException>(() => PostgresStateStore.Open(uri, "not-the-" + _server.Password));
        Assert.Equal(StateStoreErrorIds.AccessDenied, wrong.ErrorId);
        Assert.Equal(FailureKind.AuthenticationError, wrong.Kind);
        Assert.DoesNotContain(_server.Password, wrong.ToString(), StringComparison.Ordinal);

        var bad = Assert.Throws<SecureMailOpsException>(() => PostgresStateStore.Open("Host=;Password=" + _server.Password + ";Bogus Key=1"));
        Assert.Equal(StateStoreErrorIds.ConnectionStringInvalid, bad.ErrorId);
        Assert.DoesNotContain(_server.Password, bad.ToString(), StringComparison.Ordinal);
    }
}
