using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.Challenges;
using Xunit;

namespace SecureMailOps.Core.Tests.Findings;

/// <summary>Regression tests for the issue 13 review findings on emailed codes (1, 2, 3, 4, 7).</summary>
public sealed class ChallengeFindingsTests : IDisposable
{
    private readonly TempStore _temp = new();
    private readonly CapturingMailer _mailer = new();
    private DateTimeOffset _now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private ChallengeService Service => new(_temp.Store, () => _now);

    public void Dispose() => _temp.Dispose();

    private Task<IssuedChallenge> IssueAsync(string to, string purpose = "sign-in", ChallengeOptions? options = null, ChallengeService? service = null) =>
        (service ?? Service).IssueAsync(to, purpose, options ?? new ChallengeOptions(), ChallengeTemplate.Default, _mailer, CancellationToken.None);

    // Finding 1: housekeeping deleted the rows the limit counted, so the budget reset.
    [Fact]
    public async Task Finding1_housekeeping_does_not_reset_the_per_recipient_limit()
    {
        var options = new ChallengeOptions { RecipientLimit = 2 };
        for (int i = 0; i < 2; i++)
        {
            IssuedChallenge issued = await IssueAsync("victim@example.com", options: options);
            Assert.Equal(ChallengeReason.Valid, Service.Confirm(issued.ChallengeId, _mailer.LastCode.ToCharArray(), "sign-in").Reason);
        }

        _now = _now.AddMinutes(1);
        Assert.True(Service.Clear(null, expiredOnly: true) >= 2);
        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync("victim@example.com", options: options));
        Assert.Equal("OtpChallengeRateLimited", error.ErrorId);
        Assert.Equal(2, _mailer.Sent.Count);
    }

    // Finding 2: variants of one mailbox each got their own budget.
    [Theory]
    [InlineData("victim@example.com", "\"victim\"@example.com")]
    [InlineData("victim@example.com", "VICTIM@EXAMPLE.COM")]
    [InlineData("victim@bücher.example", "victim@xn--bcher-kva.example")]
    [InlineData("victim@xn--bcher-kva.example", "Victim <victim@BÜCHER.example>")]
    public async Task Finding2_recipient_variants_share_one_budget(string first, string variant)
    {
        var options = new ChallengeOptions { RecipientLimit = 1 };
        await IssueAsync(first, options: options);
        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(variant, options: options));
        Assert.Equal("OtpChallengeRateLimited", error.ErrorId);
    }

    [Theory]
    [InlineData("victim@[127.0.0.1]")]
    [InlineData("victim@[IPv6:::1]")]
    public async Task Finding2_domain_literals_are_refused_for_challenges(string recipient)
    {
        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync(recipient));
        Assert.Equal("OtpChallengeRecipientInvalid", error.ErrorId);
        Assert.Empty(_mailer.Sent);
    }

    [Fact]
    public async Task Finding2_a_global_limit_caps_issuance_across_recipients()
    {
        var options = new ChallengeOptions { RecipientLimit = 5, GlobalLimit = 3 };
        for (int i = 0; i < 3; i++)
        {
            await IssueAsync($"user{i}@example.com", options: options);
        }

        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync("user9@example.com", options: options));
        Assert.Equal("OtpChallengeGlobalRateLimited", error.ErrorId);
    }

    // Finding 3: the code's hash was keyed by a salt in the same row, so a stolen store revealed codes.
    [Fact]
    public async Task Finding3_the_database_file_alone_cannot_confirm_or_recover_a_code()
    {
        IssuedChallenge issued = await IssueAsync("alice@example.com");
        string code = _mailer.LastCode;

        // The attacker's copy: the database (with its write-ahead log), without the key kept beside it.
        string stolenFolder = Path.Combine(Path.GetTempPath(), "smo-stolen-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(stolenFolder);
        try
        {
            string stolen = Path.Combine(stolenFolder, "state.db");
            File.Copy(_temp.Store.Location, stolen);
            if (File.Exists(_temp.Store.Location + "-wal"))
            {
                File.Copy(_temp.Store.Location + "-wal", stolen + "-wal");
            }
            StoredChallenge row = _temp.Store.Execute(tx => tx.GetChallengeForUpdate(issued.ChallengeId))!;

            // The old recovery: HMAC keyed by the row's own salt over id, purpose and every candidate code.
            using (var hmac = new HMACSHA256(row.Salt))
            {
                byte[] oldScheme = hmac.ComputeHash(Encoding.UTF8.GetBytes(row.Id + "\n" + row.Purpose + "\n" + code));
                Assert.NotEqual(oldScheme, row.CodeHash);
            }

            using SqliteStateStore copy = SqliteStateStore.Open(stolen);
            ChallengeConfirmation confirmed = new ChallengeService(copy, () => _now).Confirm(issued.ChallengeId, code.ToCharArray(), "sign-in");
            Assert.NotEqual(ChallengeReason.Valid, confirmed.Reason);
            Assert.Equal(ChallengeReason.KeyMismatch, confirmed.Reason);
        }
        finally
        {
            Directory.Delete(stolenFolder, recursive: true);
        }

        // With the key, the owner still confirms it.
        Assert.Equal(ChallengeReason.Valid, Service.Confirm(issued.ChallengeId, code.ToCharArray(), "sign-in").Reason);
    }

    // Finding 7: purpose text went raw into the mail body.
    [Theory]
    [InlineData("wire-transfer\r\ncall +1-555-0100 and read this code to our agent")]
    [InlineData("wire-transfer\ncall us")]
    [InlineData("tab\there")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("bidi\u202Eoverride")]
    [InlineData("line\u2028separator")]
    public async Task Finding7_purpose_must_be_one_line_of_printable_text(string purpose)
    {
        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync("alice@example.com", purpose));
        Assert.Equal("OtpChallengePurposeInvalid", error.ErrorId);
        Assert.Empty(_mailer.Sent);
    }

    [Fact]
    public async Task Finding7_purpose_is_length_limited()
    {
        var error = await Assert.ThrowsAsync<SecureMailOpsException>(() => IssueAsync("alice@example.com", new string('a', ChallengeService.MaximumPurposeLength + 1)));
        Assert.Equal("OtpChallengePurposeInvalid", error.ErrorId);
        await IssueAsync("alice@example.com", "wire-transfer approval #42");
    }
}
