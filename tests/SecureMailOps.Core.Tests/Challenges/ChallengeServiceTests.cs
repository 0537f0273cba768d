using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using Xunit;

namespace SecureMailOps.Core.Tests.Challenges;

public sealed class ChallengeServiceTests : IDisposable
{
    private readonly TempStore _temp = new();
    private readonly CapturingMailer _mailer = new();
    private DateTimeOffset _now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private ChallengeService Service => new(_temp.Store, () => _now);

    public void Dispose() => _temp.Dispose();

    private StoredChallenge[] Rows() => _temp.Store.Execute(tx =>
        _mailer.Sent.Count == 0 ? Array.Empty<StoredChallenge>() : AllIds().Select(tx.GetChallengeForUpdate).Where(r => r is not null).Select(r => r!).ToArray());

    private string[] AllIds() => _issued.Select(i => i.ChallengeId).ToArray();

    private readonly System.Collections.Generic.List<IssuedChallenge> _issued = [];

    private async Task<IssuedChallenge> IssueAsync(string to = "Alice@Example.com", string purpose = "sign-in", ChallengeOptions? options = null)
    {
        IssuedChallenge issued = await Service.IssueAsync(to, purpose, options ?? new ChallengeOptions(), ChallengeTemplate.Default, _mailer, CancellationToken.None);
        _issued.Add(issued);
        return issued;
    }

    [Fact]
    public async Task Issued_code_confirms_once_then_is_already_used()
    {
        IssuedChallenge issued = await IssueAsync();
        string code = _mailer.LastCode;
        Assert.Equal(8, code.Length);
        Assert.Equal("a***e@example.com", issued.Recipient);
        Assert.Equal(_now.AddMinutes(10), issued.ExpiresAt);

        Assert.Equal(ChallengeReason.Valid, Service.Confirm(issued.ChallengeId, code.ToCharArray(), "sign-in").Reason);
        Assert.Equal(ChallengeReason.AlreadyUsed, Service.Confirm(issued.ChallengeId, code.ToCharArray(), "sign-in").Reason);
    }

    [Fact]
    public async Task Store_keeps_only_a_salted_hash_never_the_code()
    {
        IssuedChallenge issued = await IssueAsync();
        StoredChallenge row = Assert.Single(Rows());
        Assert.Equal(32, row.CodeHash.Length);
        Assert.Equal(16, row.Salt.Length);
        Assert.Equal(32, issued.ChallengeId.Length);
        Assert.DoesNotContain(_mailer.LastCode, Convert.ToBase64String(row.CodeHash), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_codes_burn_the_challenge_and_the_right_one_then_fails()
    {
        IssuedChallenge issued = await IssueAsync();
        string right = _mailer.LastCode;
        string wrong = right == "00000000" ? "11111111" : "00000000";
        for (int i = 1; i <= 4; i++)
        {
            ChallengeConfirmation result = Service.ConfirmAnyPurpose(issued.ChallengeId, wrong.ToCharArray());
            Assert.Equal(ChallengeReason.Invalid, result.Reason);
            Assert.Equal(5 - i, result.AttemptsRemaining);
        }

        Assert.Equal(ChallengeReason.TooManyAttempts, Service.ConfirmAnyPurpose(issued.ChallengeId, wrong.ToCharArray()).Reason);
        Assert.Equal(ChallengeReason.TooManyAttempts, Service.ConfirmAnyPurpose(issued.ChallengeId, right.ToCharArray()).Reason);
    }

    [Fact]
    public async Task The_attempt_limit_is_fixed_when_the_challenge_is_issued()
    {
        IssuedChallenge issued = await IssueAsync(options: new ChallengeOptions { MaxAttempts = 2 });
        Assert.Equal(ChallengeReason.Invalid, Service.ConfirmAnyPurpose(issued.ChallengeId, "x".ToCharArray()).Reason);
        Assert.Equal(ChallengeReason.TooManyAttempts, Service.ConfirmAnyPurpose(issued.ChallengeId, "y".ToCharArray()).Reason);
    }

    [Fact]
    public async Task A_code_past_its_expiry_is_expired_even_when_right()
    {
        IssuedChallenge issued = await IssueAsync(options: new ChallengeOptions { ValidFor = TimeSpan.FromMinutes(2) });
        _now = _now.AddMinutes(2);
        Assert.Equal(ChallengeReason.Expired, Service.ConfirmAnyPurpose(issued.ChallengeId, _mailer.LastCode.ToCharArray()).Reason);
    }

    [Fact]
    public async Task A_code_is_valid_only_for_its_purpose_and_a_mismatch_counts_as_an_attempt()
    {
        IssuedChallenge issued = await IssueAsync(purpose: "password-reset");
        ChallengeConfirmation result = Service.Confirm(issued.ChallengeId, _mailer.LastCode.ToCharArray(), "sign-in");
        Assert.Equal(ChallengeReason.PurposeMismatch, result.Reason);
        Assert.Equal(4, result.AttemptsRemaining);
        Assert.Equal(ChallengeReason.Valid, Service.Confirm(issued.ChallengeId, _mailer.LastCode.ToCharArray(), "password-reset").Reason);
    }

    [Fact]
    public async Task A_failed_send_leaves_no_usable_challenge()
    {
        _mailer.FailWith = new IOException("connection dropped");
        await Assert.ThrowsAsync<IOException>(() => IssueAsync());
        Assert.Equal(0, _temp.Store.Execute(tx => tx.ClearChallenges("alice@example.com", null)));
        Assert.Equal("SendFailed", _temp.Store.GetActivity("alice@example.com", null, 10)[0].Outcome);
    }

    [Fact]
    public async Task Issuing_is_limited_per_recipient_within_the_window()
    {
        var options = new ChallengeOptions { RecipientLimit = 2, RecipientWindow = TimeSpan.FromMinutes(15) };
        await IssueAsync(options: options);
        await IssueAsync(to: "alice@example.com", options: options);
        var ex = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(options: options));
        Assert.Equal("OtpChallengeRateLimited", ex.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, ex.Kind);
        Assert.Equal(2, _mailer.Sent.Count);

        await IssueAsync(to: "bob@example.com", options: options);
        _now = _now.AddMinutes(16);
        await IssueAsync(options: options);
        Assert.Equal(4, _mailer.Sent.Count);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(11)]
    public async Task Digits_outside_7_to_10_are_refused(int digits)
    {
        var ex = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(options: new ChallengeOptions { Digits = digits }));
        Assert.Equal("OtpChallengeDigitsInvalid", ex.ErrorId);
    }

    [Fact]
    public async Task Validity_above_ten_minutes_is_refused()
    {
        var ex = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(options: new ChallengeOptions { ValidFor = TimeSpan.FromMinutes(11) }));
        Assert.Equal("OtpChallengeValidityInvalid", ex.ErrorId);
    }

    [Fact]
    public async Task Unknown_id_is_not_found_and_bad_recipient_is_an_argument_error()
    {
        Assert.Equal(ChallengeReason.NotFound, Service.ConfirmAnyPurpose("0123456789abcdef0123456789abcdef", "12345678".ToCharArray()).Reason);
        var ex = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(to: "not an address"));
        Assert.Equal("OtpChallengeRecipientInvalid", ex.ErrorId);
    }

    [Fact]
    public async Task The_mail_says_never_share_and_carries_the_code_in_both_parts_but_not_the_subject()
    {
        await IssueAsync(purpose: "<script>alert(1)</script>");
        ChallengeMessage message = _mailer.Sent[^1].Message;
        string code = _mailer.LastCode;
        Assert.Contains(code, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(code, message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(code, message.Subject, StringComparison.Ordinal);
        Assert.Contains("Never share this code", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Codes_are_uniform_digits()
    {
        var counts = new int[10];
        for (int i = 0; i < 200; i++)
        {
            foreach (char c in ChallengeCrypto.NewCode(8))
            {
                counts[c - '0']++;
            }
        }

        // 1,600 digits: each digit expected 160 times; a broken generator (fixed, modulo-skewed to a few digits) fails this.
        Assert.All(counts, n => Assert.InRange(n, 100, 230));
    }

    [Fact]
    public async Task Clear_removes_only_what_can_no_longer_be_used_unless_asked_for_all()
    {
        IssuedChallenge used = await IssueAsync(to: "a@example.com");
        Service.ConfirmAnyPurpose(used.ChallengeId, _mailer.LastCode.ToCharArray());
        await IssueAsync(to: "b@example.com");
        Assert.Equal(1, Service.Clear(null, expiredOnly: true));
        Assert.Single(Rows());
        Assert.Equal(1, Service.Clear("B@example.com", expiredOnly: false));
        Assert.Empty(Rows());
    }

    [Fact]
    public async Task Twenty_parallel_confirmations_of_the_right_code_give_exactly_one_valid()
    {
        IssuedChallenge issued = await IssueAsync();
        string code = _mailer.LastCode;
        using var start = new ManualResetEventSlim();
        Task<ChallengeReason>[] tasks = Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return new ChallengeService(_temp.Store, () => _now).ConfirmAnyPurpose(issued.ChallengeId, code.ToCharArray()).Reason;
        })).ToArray();
        start.Set();
        ChallengeReason[] reasons = await Task.WhenAll(tasks);
        Assert.Equal(1, reasons.Count(r => r == ChallengeReason.Valid));
        Assert.Equal(19, reasons.Count(r => r == ChallengeReason.AlreadyUsed));
    }

    [Fact]
    public async Task Outcomes_are_recorded_in_the_activity_log_without_the_code()
    {
        IssuedChallenge issued = await IssueAsync();
        string code = _mailer.LastCode;
        Service.ConfirmAnyPurpose(issued.ChallengeId, "1".ToCharArray());
        Service.ConfirmAnyPurpose(issued.ChallengeId, code.ToCharArray());
        var log = _temp.Store.GetActivity("alice@example.com", null, 10);
        Assert.Equal(["Valid", "Invalid", "Issued"], log.Select(e => e.Outcome).ToArray());
        Assert.All(log, e => Assert.Equal(ChallengeService.ActivitySource, e.Source));
        Assert.All(log, e => Assert.DoesNotContain(code, e.Detail ?? string.Empty, StringComparison.Ordinal));
    }
}
