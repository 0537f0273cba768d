using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.State;
using Xunit;

namespace SecureMailOps.Core.Tests.Findings;

/// <summary>Finding 8 (files holding a secret are owner-only) and the store kept open per path.</summary>
public sealed class FileAndStoreFindingsTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TestStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Finding8_a_secret_file_is_owner_only_when_created_and_when_replaced()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The per-user folder's ACLs apply there; Unix modes are what this checks.
        }

        string path = Path.Combine(_temp.Folder, "qr.png");
        File.WriteAllBytes(path, new byte[] { 1 });
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        OwnerOnlyFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));

        string fresh = Path.Combine(_temp.Folder, "new", "qr.png");
        OwnerOnlyFile.WriteAllBytes(fresh, new byte[] { 4 });
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(fresh));
        Assert.Empty(Directory.GetFiles(_temp.Folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Finding3_the_challenge_key_beside_the_store_is_owner_only_and_stable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The per-user folder's ACLs apply there; Unix modes are what this checks.
        }

        ChallengeKey first = ChallengeKey.ForStoreFile(_temp.DatabasePath);
        ChallengeKey second = ChallengeKey.ForStoreFile(_temp.DatabasePath);
        Assert.Equal(_temp.DatabasePath + ".key", first.Path);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(first.Path!));
        Assert.Equal(ChallengeKey.MinimumLength, new FileInfo(first.Path!).Length);
    }

    [Fact]
    public void Finding3_a_supplied_key_must_have_32_bytes()
    {
        var error = Assert.Throws<SecureMailOps.Core.Errors.SecureMailOpsException>(() => ChallengeKey.FromBytes(new byte[31]));
        Assert.Equal(ChallengeErrorIds.KeyInvalid, error.ErrorId);
        Assert.NotEqual(ChallengeKey.FromBytes(new byte[32]).Id, ChallengeKey.FromBytes(Enumerable.Repeat((byte)1, 32).ToArray()).Id);
    }

    [Fact]
    public void One_store_per_path_is_kept_open_for_the_session_and_reopened_when_its_file_goes()
    {
        SqliteStateStore first = SqliteStateStore.Open(_temp.DatabasePath);
        Assert.Same(first, SqliteStateStore.Open(Path.Combine(_temp.Folder, ".", "state.db")));
        var authenticator = new OtpAuthenticator(first, () => DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        Assert.NotNull(authenticator.VerifyTotp(new byte[20], "000000", accountId: "alice").AccountId);
        Assert.Single(first.GetActivity("alice", null, 10));

        foreach (string file in Directory.GetFiles(_temp.Folder))
        {
            File.Delete(file);
        }

        // The kept-open handle must not write into the deleted file: the store is recreated.
        Assert.Empty(first.GetActivity(null, null, 10));
        Assert.True(File.Exists(_temp.DatabasePath));
        Assert.Equal(SqliteMigrations.LatestVersion, first.GetSchemaVersion());
        first.Dispose();
        Assert.NotSame(first, SqliteStateStore.Open(_temp.DatabasePath));
    }

    [Fact]
    public async Task The_kept_open_store_serialises_threads_so_one_code_is_valid_once()
    {
        SqliteStateStore store = SqliteStateStore.Open(_temp.DatabasePath);
        byte[] key = new byte[20];
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        string code = OtpGenerator.ComputeTotp(key, now).Code;
        var authenticator = new OtpAuthenticator(store, () => now);
        OtpVerificationResult[] results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => authenticator.VerifyTotp(key, code, accountId: "shared"))));
        Assert.Equal(1, results.Count(r => r.Valid));
        Assert.Equal(15, results.Count(r => r.Reason is OtpVerificationReason.Replayed or OtpVerificationReason.LockedOut));
    }
}
