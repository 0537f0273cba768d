using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.Challenges;
using Xunit;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> must have, run once per store (SQLite and
/// PostgreSQL subclasses): single use under concurrency, rollback, limits, round trips.
/// </summary>
public abstract class StateStoreContract
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly ChallengeKey ChallengeKey = ChallengeKey.FromBytes(Encoding.ASCII.GetBytes("contract-test-challenge-key-0123456789"));
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    protected abstract IStateStore Store { get; }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public void A_code_is_accepted_once_then_replayed()
    {
        string account = NewId("once");
        var authenticator = new OtpAuthenticator(Store, () => _now);
        string code = OtpGenerator.ComputeTotp(Key, _now).Code;
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, code, accountId: account).Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: account).Reason);
        Assert.Equal(["Replayed", "Valid"], Store.GetActivity(account, null, 10).Select(e => e.Outcome).ToArray());
    }

    [Fact]
    public async Task Sixteen_parallel_verifications_of_one_code_for_a_new_account_give_exactly_one_valid()
    {
        string account = NewId("race");
        string code = OtpGenerator.ComputeTotp(Key, _now).Code;
        OtpVerificationResult[] results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            new OtpAuthenticator(Store, () => _now).VerifyTotp(Key, code, accountId: account))));
        Assert.Equal(1, results.Count(r => r.Valid));
    }

    [Fact]
    public async Task Twenty_four_parallel_uses_of_one_backup_code_give_exactly_one()
    {
        string account = NewId("backup");
        var authenticator = new OtpAuthenticator(Store, () => _now);
        string code = authenticator.IssueBackupCodes(account, 3)[0].Code;
        OtpBackupCodeResult[] results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() =>
            new OtpAuthenticator(Store, () => _now).VerifyBackupCode(account, code.AsSpan()))));
        Assert.Equal(1, results.Count(r => r.Valid));
        Assert.Equal(2, results.Single(r => r.Valid).Remaining);
    }

    [Fact]
    public async Task Twenty_parallel_confirmations_of_one_emailed_code_give_exactly_one_valid()
    {
        var mailer = new CapturingMailer();
        var service = new ChallengeService(Store, ChallengeKey, () => _now);
        IssuedChallenge issued = await service.IssueAsync(NewId("mail") + "@example.com", "sign-in", new ChallengeOptions(), ChallengeTemplate.Default, mailer, CancellationToken.None);
        char[] code = mailer.LastCode.ToCharArray();
        ChallengeConfirmation[] results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            new ChallengeService(Store, ChallengeKey, () => _now).Confirm(issued.ChallengeId, (char[])code.Clone(), "sign-in"))));
        Assert.Equal(1, results.Count(r => r.Valid));
        Assert.Equal(19, results.Count(r => r.Reason == ChallengeReason.AlreadyUsed));
    }

    [Fact]
    public async Task Parallel_issuers_cannot_overshoot_the_recipient_limit()
    {
        string recipient = NewId("limit") + "@example.com";
        var options = new ChallengeOptions { RecipientLimit = 3 };
        var mailer = new CapturingMailer();
        Task<IssuedChallenge>[] issues = Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            new ChallengeService(Store, ChallengeKey, () => _now).IssueAsync(recipient, "sign-in", options, ChallengeTemplate.Default, mailer, CancellationToken.None))).ToArray();
        await Task.WhenAll(issues.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal(3, issues.Count(t => t.Status == TaskStatus.RanToCompletion));
        Assert.All(issues.Where(t => t.IsFaulted), t => Assert.Equal(ChallengeErrorIds.RateLimited, ((SecureMailOps.Core.Errors.SecureMailOpsException)t.Exception!.InnerException!).ErrorId));

        // Housekeeping does not hand out a fresh budget.
        new ChallengeService(Store, ChallengeKey, () => _now.AddMinutes(11)).Clear(recipient, expiredOnly: false);
        await Assert.ThrowsAsync<SecureMailOps.Core.Errors.SecureMailOpsException>(() =>
            new ChallengeService(Store, ChallengeKey, () => _now.AddMinutes(11)).IssueAsync(recipient, "sign-in", options, ChallengeTemplate.Default, mailer, CancellationToken.None));
    }

    [Fact]
    public void A_failing_transaction_leaves_nothing_behind()
    {
        string account = NewId("rollback");
        Assert.Throws<InvalidOperationException>(() => Store.Execute<int>(tx =>
        {
            tx.SaveAccount(new OtpAccountState(account) { FailureCount = 7 }, _now);
            tx.AppendActivity(new ActivityEntry(_now, account, "Test", "Started", null));
            throw new InvalidOperationException("interrupted");
        }));
        Assert.Equal(0, Store.Execute(tx => tx.GetAccountForUpdate(account)?.FailureCount ?? 0));
        Assert.Empty(Store.GetActivity(account, null, 10));
    }

    [Fact]
    public void Account_state_round_trips_with_lockout_escalation()
    {
        string account = NewId("state");
        var locked = _now.AddMinutes(30);
        Store.Execute(tx =>
        {
            tx.SaveAccount(new OtpAccountState(account) { LastTotpStep = 42, HotpCounter = 7, FailureCount = 11, LockoutCount = 2, LockedUntil = locked }, _now);
            return 0;
        });
        OtpAccountState state = Store.Execute(tx => tx.GetAccountForUpdate(account))!;
        Assert.Equal((42L, 7L, 11, 2, locked), (state.LastTotpStep!.Value, state.HotpCounter!.Value, state.FailureCount, state.LockoutCount, state.LockedUntil!.Value));
    }

    [Fact]
    public void Hotp_resynchronises_with_two_consecutive_codes_only()
    {
        string account = NewId("hotp");
        var authenticator = new OtpAuthenticator(Store, () => _now);
        string Code(long c) => OtpGenerator.ComputeHotp(Key, c).Code;
        Assert.Equal(OtpVerificationReason.Invalid, authenticator.VerifyHotp(Key, Code(300), 0, accountId: account).Reason);
        Assert.Equal(302, authenticator.ResynchronizeHotp(Key, Code(300), Code(301), 0, 500, accountId: account).NextCounter);
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyHotp(Key, Code(302), 0, accountId: account).Reason);
    }

    [Fact]
    public void Activity_is_read_newest_first_and_deleted_before_a_time()
    {
        string subject = NewId("log");
        Store.Execute(tx =>
        {
            tx.AppendActivity(new ActivityEntry(_now.AddDays(-10), subject, "Test", "Old", null));
            tx.AppendActivity(new ActivityEntry(_now, subject, "Test", "New", "detail"));
            return 0;
        });
        Assert.Equal(["New", "Old"], Store.GetActivity(subject, null, 10).Select(e => e.Outcome).ToArray());
        Assert.Equal(1, Store.DeleteActivity(_now.AddDays(-1), subject));
        Assert.Equal("detail", Assert.Single(Store.GetActivity(subject, _now.AddDays(-1), 10)).Detail);
    }
}
