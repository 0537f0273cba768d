using System;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Issues and confirms emailed one-time codes the way ASVS says out-of-band codes must be handled:
/// at least 20 bits of entropy, valid at most 10 minutes, usable once and only for the request that
/// created them, stored only as a salted hash, attempts limited per challenge and issuance limited
/// per recipient (which bounds the attempts per recipient too). Every outcome is written to the
/// store's activity log with the recipient as its subject (practice 8: monitor account activity).
/// </summary>
public sealed class ChallengeService
{
    /// <summary>The activity log's source name for emailed codes.</summary>
    public const string ActivitySource = "EmailChallenge";

    private readonly IStateStore _store;
    private readonly Func<DateTimeOffset> _clock;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where challenges live.</param>
    /// <param name="clock">The current time; tests move it.</param>
    public ChallengeService(IStateStore store, Func<DateTimeOffset>? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Creates a challenge, sends its code through <paramref name="mailer"/> and activates it once the
    /// server accepted the mail. When sending fails the challenge is deleted: no usable code remains.
    /// </summary>
    /// <param name="recipient">The address to send the code to.</param>
    /// <param name="purpose">What the code is for (it is bound to this purpose).</param>
    /// <param name="options">Digits, validity, limits.</param>
    /// <param name="template">The mail template.</param>
    /// <param name="mailer">Delivers the mail.</param>
    /// <param name="cancellationToken">Cancels the send (the challenge is then deleted).</param>
    /// <returns>The challenge id, masked recipient and expiry; never the code.</returns>
    public async Task<IssuedChallenge> IssueAsync(string recipient, string purpose, ChallengeOptions options, ChallengeTemplate template, IChallengeMailer mailer, CancellationToken cancellationToken)
    {
        if (options is null || template is null || mailer is null)
        {
            throw new ArgumentNullException(options is null ? nameof(options) : template is null ? nameof(template) : nameof(mailer));
        }

        string address = NormalizeRecipient(recipient);
        options.Validate();
        ValidatePurpose(purpose);

        DateTimeOffset now = _clock();
        var challenge = new StoredChallenge
        {
            Id = ChallengeCrypto.NewId(),
            Recipient = address,
            Purpose = purpose,
            Salt = ChallengeCrypto.NewSalt(),
            CreatedAt = now,
            ExpiresAt = now + options.ValidFor,
            MaxAttempts = options.MaxAttempts,
            State = ChallengeState.Pending,
        };
        char[] code = ChallengeCrypto.NewCode(options.Digits);
        try
        {
            challenge.CodeHash = ChallengeCrypto.Hash(challenge.Salt, challenge.Id, purpose, code);
            bool inserted = _store.Execute(tx =>
            {
                // Counted and inserted under one write lock: parallel senders cannot overshoot the limit.
                if (tx.CountChallengesSince(address, now - options.RecipientWindow) >= options.RecipientLimit)
                {
                    tx.AppendActivity(new ActivityEntry(now, address, ActivitySource, "RateLimited", $"purpose {purpose}"));
                    return false;
                }

                tx.InsertChallenge(challenge);
                return true;
            });
            if (!inserted)
            {
                throw new SecureMailOpsException(
                    ChallengeErrorIds.RateLimited,
                    FailureKind.LimitsExceeded,
                    $"{RecipientMask.Mask(address)} already got {options.RecipientLimit} codes in the last {options.RecipientWindow.TotalMinutes:0.#} minutes; no code was sent. Try again later.",
                    RecipientMask.Mask(address));
            }

            ChallengeMessage message = template.Render(code, purpose, address, challenge.ExpiresAt, options.ValidFor);
            try
            {
                await mailer.SendAsync(address, message, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Whatever went wrong (refused, dropped, cancelled), the code must not stay usable.
                _store.Execute(tx =>
                {
                    tx.DeleteChallenge(challenge.Id);
                    tx.AppendActivity(new ActivityEntry(_clock(), address, ActivitySource, "SendFailed", Describe(challenge)));
                    return 0;
                });
                throw;
            }

            challenge.State = ChallengeState.Active;
            _store.Execute(tx =>
            {
                tx.UpdateChallenge(challenge);
                tx.AppendActivity(new ActivityEntry(_clock(), address, ActivitySource, "Issued", Describe(challenge)));
                return 0;
            });
            return new IssuedChallenge(challenge.Id, RecipientMask.Mask(address), purpose, challenge.CreatedAt, challenge.ExpiresAt);
        }
        finally
        {
            Array.Clear(code, 0, code.Length);
        }
    }

    /// <summary>Confirms a code. Exactly one confirmation of a challenge can succeed, however many run at once.</summary>
    /// <param name="challengeId">The challenge id.</param>
    /// <param name="code">The code the user typed.</param>
    /// <param name="purpose">The purpose the caller expects, or null to accept the one it was issued for.</param>
    /// <returns>The outcome.</returns>
    public ChallengeConfirmation Confirm(string challengeId, char[] code, string? purpose)
    {
        if (challengeId is null || code is null)
        {
            throw new ArgumentNullException(challengeId is null ? nameof(challengeId) : nameof(code));
        }

        DateTimeOffset now = _clock();
        string id = challengeId.Trim().ToLowerInvariant();
        return _store.Execute(tx =>
        {
            StoredChallenge? stored = tx.GetChallengeForUpdate(id);
            ChallengeConfirmation result = Decide(stored, challengeId, code, purpose, now);
            if (stored is not null)
            {
                tx.UpdateChallenge(stored);
                tx.AppendActivity(new ActivityEntry(now, stored.Recipient, ActivitySource, result.Reason.ToString(), Describe(stored)));
            }

            return result;
        });
    }

    /// <summary>Deletes challenges that can no longer be used, or all of a recipient's.</summary>
    /// <param name="recipient">Only this recipient's, or all when null.</param>
    /// <param name="expiredOnly">Only those expired, used or burned.</param>
    /// <returns>How many were deleted.</returns>
    public int Clear(string? recipient, bool expiredOnly)
    {
        string? address = recipient is null ? null : NormalizeRecipient(recipient);
        DateTimeOffset? at = expiredOnly ? _clock() : null;
        return _store.Execute(tx => tx.ClearChallenges(address, at));
    }

    private static ChallengeConfirmation Decide(StoredChallenge? stored, string challengeId, char[] code, string? purpose, DateTimeOffset now)
    {
        if (stored is null || stored.State == ChallengeState.Pending)
        {
            return new ChallengeConfirmation(challengeId, ChallengeReason.NotFound, 0);
        }

        int maxAttempts = stored.MaxAttempts;
        int remaining = Math.Max(0, maxAttempts - stored.FailedAttempts);
        switch (stored.State)
        {
            case ChallengeState.Used:
                return new ChallengeConfirmation(challengeId, ChallengeReason.AlreadyUsed, 0);
            case ChallengeState.Burned:
                return new ChallengeConfirmation(challengeId, ChallengeReason.TooManyAttempts, 0);
        }

        if (now >= stored.ExpiresAt)
        {
            return new ChallengeConfirmation(challengeId, ChallengeReason.Expired, remaining);
        }

        bool purposeMatches = purpose is null || string.Equals(purpose, stored.Purpose, StringComparison.Ordinal);
        byte[] offered = ChallengeCrypto.Hash(stored.Salt, stored.Id, stored.Purpose, code);
        bool codeMatches = ConstantTime.AreEqual(offered, stored.CodeHash);
        if (purposeMatches && codeMatches)
        {
            stored.State = ChallengeState.Used;
            return new ChallengeConfirmation(challengeId, ChallengeReason.Valid, remaining);
        }

        // A wrong purpose counts as a failed attempt too: it is either a bug or someone replaying a code elsewhere.
        stored.FailedAttempts++;
        remaining = Math.Max(0, maxAttempts - stored.FailedAttempts);
        if (stored.FailedAttempts >= maxAttempts)
        {
            stored.State = ChallengeState.Burned;
            return new ChallengeConfirmation(challengeId, purposeMatches ? ChallengeReason.TooManyAttempts : ChallengeReason.PurposeMismatch, 0);
        }

        return new ChallengeConfirmation(challengeId, purposeMatches ? ChallengeReason.Invalid : ChallengeReason.PurposeMismatch, remaining);
    }

    // The id is a handle, not a secret (the code is), but the log only needs enough of it to correlate.
    private static string Describe(StoredChallenge challenge) =>
        $"challenge {challenge.Id.Substring(0, 8)}, purpose {challenge.Purpose}";

    /// <summary>Normalises a recipient address (lower case, display name dropped), or throws for a non-address.</summary>
    /// <param name="recipient">The address.</param>
    /// <returns>The normalised address.</returns>
    public static string NormalizeRecipient(string recipient)
    {
        if (string.IsNullOrWhiteSpace(recipient) || !MimeKit.MailboxAddress.TryParse(recipient.Trim(), out MimeKit.MailboxAddress? mailbox) || mailbox.Address.IndexOf('@') <= 0)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.RecipientInvalid, FailureKind.InvalidArgument, $"'{recipient}' is not a mail address.", recipient);
        }

        return mailbox.Address.ToLowerInvariant();
    }

    private static void ValidatePurpose(string purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > 200)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.PurposeInvalid, FailureKind.InvalidArgument, "Purpose must be 1 to 200 characters.");
        }
    }
}
