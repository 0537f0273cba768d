using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Issues and confirms emailed one-time codes the way ASVS says out-of-band codes must be handled:
/// at least 20 bits of entropy, valid at most 10 minutes, usable once and only for the request that
/// created them, stored only as an HMAC under a key kept outside the database
/// (<see cref="ChallengeKey"/>), attempts limited per challenge and issuance limited per canonical
/// recipient (and optionally across all recipients), counted from an issuance log that housekeeping
/// does not clear. Every outcome is written to the store's activity log with the recipient as its
/// subject (practice 8: monitor account activity).
/// </summary>
public sealed class ChallengeService
{
    /// <summary>The activity log's source name for emailed codes.</summary>
    public const string ActivitySource = "EmailChallenge";

    /// <summary>The longest purpose, in characters: a short label, not a sentence.</summary>
    public const int MaximumPurposeLength = 64;

    private readonly IStateStore _store;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Lazy<ChallengeKey> _key;

    /// <summary>Creates the service with the store's default challenge key (<see cref="ChallengeKey.ForStore"/>).</summary>
    /// <param name="store">Where challenges live.</param>
    /// <param name="clock">The current time; tests move it.</param>
    public ChallengeService(IStateStore store, Func<DateTimeOffset>? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? (() => DateTimeOffset.UtcNow);

        // Read (or created) on first issue or confirmation only: housekeeping needs no key.
        _key = new Lazy<ChallengeKey>(() => ChallengeKey.ForStore(store));
    }

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where challenges live.</param>
    /// <param name="key">The key codes are hashed with (kept outside the store).</param>
    /// <param name="clock">The current time; tests move it.</param>
    public ChallengeService(IStateStore store, ChallengeKey key, Func<DateTimeOffset>? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ChallengeKey given = key ?? throw new ArgumentNullException(nameof(key));
        _key = new Lazy<ChallengeKey>(() => given);
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
            KeyId = _key.Value.Id,
            CreatedAt = now,
            ExpiresAt = now + options.ValidFor,
            MaxAttempts = options.MaxAttempts,
            State = ChallengeState.Pending,
        };
        char[] code = ChallengeCrypto.NewCode(options.Digits);
        try
        {
            challenge.CodeHash = _key.Value.Hash(challenge.Salt, challenge.Id, purpose, code);
            string? limited = _store.Execute(tx =>
            {
                // Counted and recorded under one write lock: parallel senders cannot overshoot a limit.
                // The issuance log, not otp_challenge, is counted: housekeeping deletes challenges.
                if (tx.CountIssuedSince(address, now - options.RecipientWindow) >= options.RecipientLimit)
                {
                    tx.AppendActivity(new ActivityEntry(now, address, ActivitySource, "RateLimited", $"purpose {purpose}"));
                    return ChallengeErrorIds.RateLimited;
                }

                if (options.GlobalLimit is int global && tx.CountIssuedSince(null, now - options.GlobalWindow) >= global)
                {
                    tx.AppendActivity(new ActivityEntry(now, address, ActivitySource, "GlobalRateLimited", $"purpose {purpose}"));
                    return ChallengeErrorIds.GlobalRateLimited;
                }

                tx.InsertChallenge(challenge);
                tx.RecordIssuance(address, now);
                return null;
            });
            if (string.Equals(limited, ChallengeErrorIds.RateLimited, StringComparison.Ordinal))
            {
                throw new SecureMailOpsException(
                    ChallengeErrorIds.RateLimited,
                    FailureKind.LimitsExceeded,
                    $"{RecipientMask.Mask(address)} already got {options.RecipientLimit} codes in the last {options.RecipientWindow.TotalMinutes:0.#} minutes; no code was sent. Try again later.",
                    RecipientMask.Mask(address));
            }

            if (limited is not null)
            {
                throw new SecureMailOpsException(
                    ChallengeErrorIds.GlobalRateLimited,
                    FailureKind.LimitsExceeded,
                    $"This store already issued {options.GlobalLimit} codes in the last {options.GlobalWindow.TotalMinutes:0.#} minutes (the global limit); no code was sent to {RecipientMask.Mask(address)}. Try again later.",
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

    /// <summary>
    /// Confirms a code for the purpose the caller expects. Exactly one confirmation of a challenge
    /// can succeed, however many run at once; a code issued for another purpose is a failed attempt.
    /// </summary>
    /// <param name="challengeId">The challenge id.</param>
    /// <param name="code">The code the user typed.</param>
    /// <param name="purpose">The purpose the caller expects (required: binding is not optional).</param>
    /// <returns>The outcome.</returns>
    public ChallengeConfirmation Confirm(string challengeId, char[] code, string purpose)
    {
        if (purpose is null)
        {
            throw new ArgumentNullException(nameof(purpose));
        }

        return ConfirmCore(challengeId, code, purpose);
    }

    /// <summary>Confirms a code whatever purpose it was issued for: only for callers that really mean it.</summary>
    /// <param name="challengeId">The challenge id.</param>
    /// <param name="code">The code the user typed.</param>
    /// <returns>The outcome.</returns>
    public ChallengeConfirmation ConfirmAnyPurpose(string challengeId, char[] code) => ConfirmCore(challengeId, code, null);

    private ChallengeConfirmation ConfirmCore(string challengeId, char[] code, string? purpose)
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
            ChallengeConfirmation result = Decide(stored, challengeId, code, purpose, now, _key.Value);
            if (stored is not null)
            {
                tx.UpdateChallenge(stored);
                tx.AppendActivity(new ActivityEntry(now, stored.Recipient, ActivitySource, result.Reason.ToString(), Describe(stored)));
            }

            return result;
        });
    }

    /// <summary>
    /// Deletes challenges that can no longer be used, or all of a recipient's. The issuance log the
    /// limits count is kept for <see cref="ChallengeOptions.MaximumLimitWindow"/>: housekeeping never
    /// gives a recipient a fresh budget.
    /// </summary>
    /// <param name="recipient">Only this recipient's, or all when null.</param>
    /// <param name="expiredOnly">Only those expired, used or burned.</param>
    /// <returns>How many were deleted.</returns>
    public int Clear(string? recipient, bool expiredOnly)
    {
        string? address = recipient is null ? null : NormalizeRecipient(recipient);
        DateTimeOffset now = _clock();
        DateTimeOffset? at = expiredOnly ? now : null;
        return _store.Execute(tx =>
        {
            tx.PruneIssuance(now - ChallengeOptions.MaximumLimitWindow);
            return tx.ClearChallenges(address, at);
        });
    }

    private static ChallengeConfirmation Decide(StoredChallenge? stored, string challengeId, char[] code, string? purpose, DateTimeOffset now, ChallengeKey key)
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

        // Issued under another key (rotated, or the database copied elsewhere): nothing to compare against.
        if (!string.Equals(stored.KeyId, key.Id, StringComparison.Ordinal))
        {
            return new ChallengeConfirmation(challengeId, ChallengeReason.KeyMismatch, remaining);
        }

        bool purposeMatches = purpose is null || string.Equals(purpose, stored.Purpose, StringComparison.Ordinal);
        byte[] offered = key.Hash(stored.Salt, stored.Id, stored.Purpose, code);
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

    /// <summary>
    /// Canonicalises a recipient address so that one mailbox has one budget: the display name is
    /// dropped, a quoted local part that needs no quoting is unquoted, the local part is lower-cased
    /// (NFC for internationalised ones), the domain is lower-cased and converted to its ASCII
    /// (punycode) form. Domain literals (<c>user@[127.0.0.1]</c>) are refused: codes go to named domains.
    /// </summary>
    /// <param name="recipient">The address.</param>
    /// <returns>The canonical address.</returns>
    public static string NormalizeRecipient(string recipient) => RecipientAddress.Canonicalize(recipient);

    private static void ValidatePurpose(string purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > MaximumPurposeLength || purpose.Trim().Length != purpose.Length)
        {
            throw new SecureMailOpsException(
                ChallengeErrorIds.PurposeInvalid,
                FailureKind.InvalidArgument,
                $"The purpose must be 1 to {MaximumPurposeLength} characters of printable text without leading or trailing spaces; {purpose?.Length ?? 0} characters were given.");
        }

        int bad = TextRules.FindInvisibleCharacter(purpose);
        if (bad >= 0)
        {
            throw new SecureMailOpsException(
                ChallengeErrorIds.PurposeInvalid,
                FailureKind.InvalidArgument,
                string.Format(CultureInfo.InvariantCulture, "The purpose must be one line of printable text: it holds a line break, control or invisible character (U+{0:X4}) at position {1}. It is shown in the mail next to the code.", (int)purpose[bad], bad + 1));
        }
    }
}
