using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.State;
using Xunit;

namespace SecureMailOps.Core.Tests.Findings;

/// <summary>Regression tests for the issue 13 review findings on OTP verification and the store (5, 6, 9).</summary>
public sealed class OtpFindingsTests : IDisposable
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private readonly TestStore _temp = new();
    private readonly TestClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));

    public void Dispose() => _temp.Dispose();

    private OtpAuthenticator Create(OtpLockoutPolicy? policy = null) =>
        new(SqliteStateStore.Open(_temp.DatabasePath), () => _clock.Now, policy);

    private static string Hotp(long counter) => OtpGenerator.ComputeHotp(Key, counter).Code;

    // Finding 5: a look-ahead of 1000 on every attempt made guessing practical.
    [Fact]
    public void Finding5_the_per_attempt_hotp_window_is_at_most_20()
    {
        Assert.Equal(20, OtpVerifier.MaximumLookAhead);
        var error = Assert.Throws<SecureMailOpsException>(() => Create().VerifyHotp(Key, Hotp(999), 0, 1000, accountId: "alice"));
        Assert.Equal("OtpLookAheadInvalid", error.ErrorId);
        Assert.Equal(OtpVerificationReason.Invalid, Create().VerifyHotp(Key, Hotp(999), 0, OtpVerifier.MaximumLookAhead, accountId: "alice").Reason);
    }

    [Fact]
    public void Finding5_resynchronisation_needs_two_consecutive_codes_and_is_its_own_operation()
    {
        OtpAuthenticator authenticator = Create();
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.ResynchronizeHotp(Key, Hotp(500), Hotp(502), 0, 1000, accountId: "alice").Reason);
        OtpVerificationResult resync = authenticator.ResynchronizeHotp(Key, Hotp(500), Hotp(501), 0, 1000, accountId: "alice");
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.ResynchronizeHotp(Key, Hotp(900), Hotp(901), 502, 100, accountId: "alice").Reason);
        Assert.Equal(OtpVerificationReason.Valid, resync.Reason);
        Assert.Equal(502, resync.NextCounter);

        // Both codes and everything before them are used; the next code works with the small window.
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyHotp(Key, Hotp(501), 0, accountId: "alice").Reason);
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyHotp(Key, Hotp(502), 0, accountId: "alice").Reason);
    }

    [Fact]
    public void Finding5_repeated_lockouts_escalate_and_keep_the_failure_history()
    {
        var policy = new OtpLockoutPolicy(3, TimeSpan.FromMinutes(15));
        OtpAuthenticator authenticator = Create(policy);
        string wrong = Hotp(0) == "000000" ? "111111" : "000000";
        for (int i = 0; i < 3; i++)
        {
            authenticator.VerifyTotp(Key, wrong, accountId: "alice");
        }

        OtpVerificationResult first = authenticator.VerifyTotp(Key, wrong, accountId: "alice");
        Assert.Equal(OtpVerificationReason.LockedOut, first.Reason);
        Assert.Equal(_clock.Now.AddMinutes(15), first.LockedUntil);

        // After the lock-out ends one more failure locks again, for twice as long.
        _clock.Advance(TimeSpan.FromMinutes(16));
        OtpVerificationResult second = authenticator.VerifyTotp(Key, wrong, accountId: "alice");
        Assert.Equal(OtpVerificationReason.Invalid, second.Reason);
        Assert.Equal(4, second.FailureCount);
        Assert.Equal(_clock.Now.AddMinutes(30), second.LockedUntil);

        _clock.Advance(TimeSpan.FromMinutes(31));
        OtpVerificationResult third = authenticator.VerifyTotp(Key, wrong, accountId: "alice");
        Assert.Equal(5, third.FailureCount);
        Assert.Equal(_clock.Now.AddMinutes(60), third.LockedUntil);

        // The lock-out never grows past the policy's ceiling.
        Assert.True(policy.LockoutFor(30) <= policy.MaximumLockoutDuration);
    }

    // Finding 6: look-alike account ids were separate accounts.
    [Theory]
    [InlineData("alice\u200B")]
    [InlineData("ali\u00ADce")]
    [InlineData("alice\u0007")]
    [InlineData("alice\u202E")]
    [InlineData("alice\uFEFF")]
    public void Finding6_control_and_format_characters_are_refused(string accountId)
    {
        var error = Assert.Throws<SecureMailOpsException>(() => OtpAuthenticator.NormalizeAccountId(accountId));
        Assert.Equal("OtpAccountIdInvalid", error.ErrorId);
    }

    [Fact]
    public void Finding6_an_unpaired_surrogate_is_refused()
    {
        var error = Assert.Throws<SecureMailOpsException>(() => OtpAuthenticator.NormalizeAccountId("\uD800alice"));
        Assert.Equal("OtpAccountIdInvalid", error.ErrorId);
    }

    [Theory]
    [InlineData("ａｌｉｃｅ", "alice")]
    [InlineData("A\u0301lvaro", "\u00E1lvaro")]
    [InlineData(" ALICE@Example.com ", "alice@example.com")]
    public void Finding6_account_ids_are_nfkc_normalised(string given, string expected)
    {
        Assert.Equal(expected, OtpAuthenticator.NormalizeAccountId(given));
    }

    [Fact]
    public void Finding6_a_fullwidth_variant_cannot_replay_a_used_code()
    {
        OtpAuthenticator authenticator = Create();
        string code = OtpGenerator.ComputeTotp(Key, _clock.Now).Code;
        Assert.True(authenticator.VerifyTotp(Key, code, accountId: "alice").Valid);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: "ａｌｉｃｅ").Reason);
    }

    // Finding 9: opening a newer store set journal_mode=WAL before refusing it.
    [Fact]
    public void Finding9_a_newer_schema_store_is_refused_without_any_write()
    {
        string path = _temp.DatabasePath;
        using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE; CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        byte[] before = SHA256.HashData(File.ReadAllBytes(path));
        DateTime written = File.GetLastWriteTimeUtc(path);
        var error = Assert.Throws<SecureMailOpsException>(() => SqliteStateStore.Open(path));
        Assert.Equal("StateStoreTooNew", error.ErrorId);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.False(File.Exists(path + "-wal"));
        using var check = new SqliteConnection("Data Source=" + path + ";Mode=ReadOnly;Pooling=False");
        check.Open();
        using SqliteCommand mode = check.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", (string)mode.ExecuteScalar()!);
    }
}
