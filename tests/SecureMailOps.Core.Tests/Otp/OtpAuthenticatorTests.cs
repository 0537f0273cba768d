using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.State;
using Xunit;

namespace SecureMailOps.Core.Tests.Otp;

public class OtpAuthenticatorTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_111_111_109);

    private static string CodeAt(DateTimeOffset time) => OtpGenerator.ComputeTotp(Key, time).Code;

    private static (OtpAuthenticator Authenticator, TestClock Clock, SqliteStateStore Store) Create(TestStore temp, OtpLockoutPolicy? policy = null)
    {
        var clock = new TestClock(Start);
        SqliteStateStore store = SqliteStateStore.Open(temp.Path1);
        return (new OtpAuthenticator(store, () => clock.Now, policy), clock, store);
    }

    [Fact]
    public void Stateless_check_accepts_one_step_each_side_by_default_and_reports_drift()
    {
        var clock = new TestClock(Start);
        var authenticator = new OtpAuthenticator(null, () => clock.Now);
        Assert.Equal(-1, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(-30))).Drift);
        Assert.Equal(1, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(30))).Drift);
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(60))).Reason);
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(60)), window: 2).Reason);
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(-30)), window: 0).Reason);
        OtpVerificationResult valid = authenticator.VerifyTotp(Key, CodeAt(Start));
        Assert.True(valid.Valid);
        Assert.Equal(OtpGenerator.TimeStep(Start, 30), valid.Step);
        Assert.Equal(0, valid.Drift);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]
    public void Malformed_input_is_a_result_not_an_exception(string code)
    {
        var authenticator = new OtpAuthenticator(null, () => Start);
        Assert.Equal(OtpVerificationReason.Malformed, authenticator.VerifyTotp(Key, code).Reason);
    }

    [Fact]
    public void Spaces_inside_a_code_are_tolerated()
    {
        var authenticator = new OtpAuthenticator(null, () => Start);
        string code = CodeAt(Start);
        Assert.True(authenticator.VerifyTotp(Key, string.Concat(code.AsSpan(0, 3), " ", code.AsSpan(3))).Valid);
    }

    [Fact]
    public void A_used_step_and_every_earlier_one_are_refused_for_that_account()
    {
        using var temp = new TestStore();
        var (authenticator, clock, store) = Create(temp);
        string now = CodeAt(Start);
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, now, accountId: "Alice@Example.com").Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, now, accountId: "alice@example.com ").Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(-30)), accountId: "alice@example.com").Reason);

        // Another account is not affected; the next step is accepted.
        Assert.True(authenticator.VerifyTotp(Key, now, accountId: "bob").Valid);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(authenticator.VerifyTotp(Key, CodeAt(clock.Now), accountId: "alice@example.com").Valid);

        var outcomes = store.GetActivity("alice@example.com", null, 10).Select(e => e.Outcome).Reverse().ToArray();
        string[] expected = ["Valid", "Replayed", "Replayed", "Valid"];
        Assert.Equal(expected, outcomes);
        Assert.DoesNotContain(store.GetActivity(null, null, 100), e => (e.Detail ?? string.Empty).Contains(now, StringComparison.Ordinal));
    }

    [Fact]
    public void A_future_step_accepted_within_the_window_blocks_the_current_one()
    {
        using var temp = new TestStore();
        var (authenticator, _, _) = Create(temp);
        Assert.Equal(1, authenticator.VerifyTotp(Key, CodeAt(Start.AddSeconds(30)), accountId: "a").Drift);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, CodeAt(Start), accountId: "a").Reason);
    }

    [Fact]
    public void Ten_consecutive_failures_lock_the_account_for_the_configured_period()
    {
        using var temp = new TestStore();
        var (authenticator, clock, store) = Create(temp, new OtpLockoutPolicy(10, TimeSpan.FromMinutes(5)));
        for (int i = 1; i <= 9; i++)
        {
            OtpVerificationResult failure = authenticator.VerifyTotp(Key, "000000", accountId: "alice");
            Assert.Equal(OtpVerificationReason.Invalid, failure.Reason);
            Assert.Equal(i, failure.FailureCount);
            Assert.Null(failure.LockedUntil);
        }

        OtpVerificationResult tenth = authenticator.VerifyTotp(Key, "000000", accountId: "alice");
        Assert.Equal(OtpVerificationReason.Invalid, tenth.Reason);
        Assert.Equal(clock.Now.AddMinutes(5), tenth.LockedUntil);

        // Locked: even the right code is refused without being checked, and is not used up.
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(OtpVerificationReason.LockedOut, authenticator.VerifyTotp(Key, CodeAt(clock.Now), accountId: "alice").Reason);
        clock.Advance(TimeSpan.FromMinutes(1));
        OtpVerificationResult after = authenticator.VerifyTotp(Key, CodeAt(clock.Now), accountId: "alice");
        Assert.Equal(OtpVerificationReason.Valid, after.Reason);
        Assert.Equal(0, after.FailureCount);
        Assert.Contains(store.GetActivity("alice", null, 100), e => e.Outcome == "LockoutStarted");
        Assert.Contains(store.GetActivity("alice", null, 100), e => e.Outcome == "LockedOut");
    }

    [Fact]
    public void A_success_resets_the_failure_count()
    {
        using var temp = new TestStore();
        var (authenticator, clock, _) = Create(temp, new OtpLockoutPolicy(3));
        authenticator.VerifyTotp(Key, "000000", accountId: "a");
        authenticator.VerifyTotp(Key, "000000", accountId: "a");
        Assert.True(authenticator.VerifyTotp(Key, CodeAt(clock.Now), accountId: "a").Valid);
        Assert.Equal(1, authenticator.VerifyTotp(Key, "000000", accountId: "a").FailureCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void The_failure_limit_never_exceeds_100(int maxFailures)
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => new OtpLockoutPolicy(maxFailures));
        Assert.Equal("OtpMaxFailuresInvalid", ex.ErrorId);
        Assert.Equal(100, new OtpLockoutPolicy(100).MaxFailures);
    }

    [Fact]
    public void Hotp_resynchronises_within_the_look_ahead_and_moves_the_counter_past_the_match()
    {
        using var temp = new TestStore();
        var (authenticator, _, store) = Create(temp);

        // RFC 4226 Appendix D: counter 4 is 338314, 5 is 254676, 9 is 520489.
        OtpVerificationResult ahead = authenticator.VerifyHotp(Key, "338314", 0, lookAhead: 5, accountId: "token");
        Assert.True(ahead.Valid);
        Assert.Equal((4L, 4L, 5L), (ahead.Step!.Value, ahead.Drift!.Value, ahead.NextCounter!.Value));
        Assert.Equal(5, store.Execute(tx => tx.GetAccountForUpdate("token"))!.HotpCounter);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyHotp(Key, "338314", 0, accountId: "token").Reason);
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyHotp(Key, "520489", 0, lookAhead: 3, accountId: "token").Reason);
        OtpVerificationResult next = authenticator.VerifyHotp(Key, "254676", 0, lookAhead: 0, accountId: "token");
        Assert.Equal((true, 5L, 6L), (next.Valid, next.Step!.Value, next.NextCounter!.Value));

        // A code behind the stored counter stays refused even when -Counter says otherwise.
        Assert.False(authenticator.VerifyHotp(Key, "755224", 0, accountId: "token").Valid);
    }

    [Fact]
    public void Backup_codes_are_single_use_and_a_new_set_revokes_the_old()
    {
        using var temp = new TestStore();
        var (authenticator, _, store) = Create(temp);
        var codes = authenticator.IssueBackupCodes("Alice", 3);
        Assert.Equal(3, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){5}$", c.Code));
        Assert.Equal(3, codes.Select(c => c.Code).Distinct().Count());

        OtpBackupCodeResult first = authenticator.VerifyBackupCode("alice", codes[0].Code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal).AsSpan());
        Assert.Equal((OtpVerificationReason.Valid, 2), (first.Reason, first.Remaining));
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyBackupCode("alice", codes[0].Code.AsSpan()).Reason);
        Assert.Equal(OtpVerificationReason.Malformed, authenticator.VerifyBackupCode("alice", "ABCD".AsSpan()).Reason);
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyBackupCode("bob", codes[1].Code.AsSpan()).Reason);

        authenticator.IssueBackupCodes("alice", 2);
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyBackupCode("alice", codes[1].Code.AsSpan()).Reason);
        Assert.DoesNotContain(store.GetActivity(null, null, 100), e => codes.Any(c => (e.Detail ?? string.Empty).Contains(c.Code, StringComparison.Ordinal)));
    }

    [Fact]
    public void Backup_codes_carry_more_than_112_bits()
    {
        Assert.True(BackupCodeFormat.EntropyBits > 112, $"{BackupCodeFormat.EntropyBits} bits");
        Assert.Equal(30, BackupCodeFormat.Alphabet.Distinct().Count());
        Assert.DoesNotContain(BackupCodeFormat.Alphabet, c => "01ILOUilou".Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sixteen_concurrent_verifications_of_one_code_give_exactly_one_valid()
    {
        using var temp = new TestStore();
        var (_, clock, _) = Create(temp);
        string code = CodeAt(clock.Now);
        using var barrier = new Barrier(16);
        var results = Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                // Separate store objects and connections, as separate processes would have.
                var authenticator = new OtpAuthenticator(SqliteStateStore.Open(temp.Path1), () => clock.Now, new OtpLockoutPolicy(100));
                barrier.SignalAndWait();
                return authenticator.VerifyTotp(Key, code, accountId: "alice").Reason;
            },
            TaskCreationOptions.LongRunning)).ToArray();
        OtpVerificationReason[] reasons = await Task.WhenAll(results);
        Assert.Equal(1, reasons.Count(r => r == OtpVerificationReason.Valid));
        Assert.Equal(15, reasons.Count(r => r == OtpVerificationReason.Replayed));
    }

    [Fact]
    public async Task Sixteen_concurrent_uses_of_one_backup_code_give_exactly_one_valid()
    {
        using var temp = new TestStore();
        var (authenticator, clock, _) = Create(temp);
        string code = authenticator.IssueBackupCodes("alice", 1)[0].Code;
        using var barrier = new Barrier(16);
        var results = Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var own = new OtpAuthenticator(SqliteStateStore.Open(temp.Path1), () => clock.Now, new OtpLockoutPolicy(100));
                barrier.SignalAndWait();
                return own.VerifyBackupCode("alice", code.AsSpan()).Reason;
            },
            TaskCreationOptions.LongRunning)).ToArray();
        OtpVerificationReason[] reasons = await Task.WhenAll(results);
        Assert.Equal(1, reasons.Count(r => r == OtpVerificationReason.Valid));
    }
}
