using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Verifies TOTP/HOTP codes and backup codes, with single use, HOTP counter tracking, a failure
/// limit and lock-out per account kept in an <see cref="IStateStore"/>, and every outcome written
/// to the store's activity log. Each stateful check is one store transaction: read the account,
/// decide, write the account and the log entry, commit. The clock is injected so tests can move time.
/// </summary>
public sealed class OtpAuthenticator
{
    /// <summary>Activity source for TOTP checks.</summary>
    public const string TotpSource = "Totp";

    /// <summary>Activity source for HOTP checks.</summary>
    public const string HotpSource = "Hotp";

    /// <summary>Activity source for backup codes.</summary>
    public const string BackupCodeSource = "BackupCode";

    /// <summary>Activity outcome recorded when an account becomes locked.</summary>
    public const string LockoutStartedOutcome = "LockoutStarted";

    /// <summary>Activity outcome recorded when a set of backup codes is issued.</summary>
    public const string BackupCodesIssuedOutcome = "BackupCodesIssued";

    /// <summary>The most backup codes in one set.</summary>
    public const int MaximumBackupCodes = 100;

    /// <summary>The longest account id, in characters.</summary>
    public const int MaximumAccountIdLength = 256;

    /// <summary>The default number of counters searched when resynchronising HOTP with two codes.</summary>
    public const int DefaultResyncWindow = 100;

    /// <summary>The largest number of counters searched when resynchronising HOTP with two codes.</summary>
    public const int MaximumResyncWindow = 1000;

    /// <summary>Activity outcome recorded when an HOTP counter was resynchronised with two codes.</summary>
    public const string ResynchronizedOutcome = "Resynchronized";

    private readonly IStateStore? _store;
    private readonly Func<DateTimeOffset> _clock;
    private readonly OtpLockoutPolicy _policy;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="store">The state store, or null for stateless checks only.</param>
    /// <param name="clock">The clock (UTC now), or null for the system clock.</param>
    /// <param name="policy">The lock-out policy, or null for the default (10 failures, 15 minutes).</param>
    public OtpAuthenticator(IStateStore? store, Func<DateTimeOffset>? clock = null, OtpLockoutPolicy? policy = null)
    {
        _store = store;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        _policy = policy ?? new OtpLockoutPolicy();
    }

    /// <summary>
    /// Normalises an account id so that case, surrounding spaces or Unicode look-alikes cannot split
    /// one account's failure counter and used steps into several: the id is trimmed, NFKC-normalised
    /// (fullwidth letters, compatibility forms and decomposed accents become one form) and lower-cased.
    /// Control and format characters (zero-width spaces, soft hyphens, direction overrides, byte-order
    /// marks), line separators and unpaired surrogates are refused: they are invisible in logs and
    /// would make two ids that look the same.
    /// </summary>
    /// <param name="accountId">The account id as given.</param>
    /// <returns>The normalised id.</returns>
    public static string NormalizeAccountId(string accountId)
    {
        string trimmed = (accountId ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.AccountIdEmpty, FailureKind.InvalidArgument, "The account id must not be empty.");
        }

        if (trimmed.Length > MaximumAccountIdLength)
        {
            throw new SecureMailOpsException(OtpErrorIds.AccountIdTooLong, FailureKind.InvalidArgument, $"The account id must be at most {MaximumAccountIdLength} characters.");
        }

        int bad = TextRules.FindInvisibleCharacter(trimmed);
        if (bad >= 0)
        {
            throw new SecureMailOpsException(
                OtpErrorIds.AccountIdInvalid,
                FailureKind.InvalidArgument,
                Invariant($"The account id holds an invisible or control character (U+{(int)trimmed[bad]:X4}) at position {bad + 1}; account ids must be visible text."));
        }

        string normalized = trimmed.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC).Trim();
        if (normalized.Length == 0 || normalized.Length > MaximumAccountIdLength)
        {
            throw new SecureMailOpsException(OtpErrorIds.AccountIdTooLong, FailureKind.InvalidArgument, $"The account id must be 1 to {MaximumAccountIdLength} characters once normalised.");
        }

        return normalized;
    }

    /// <summary>Verifies a TOTP code at the clock's time, single use per account when an account id is given.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="code">The typed code.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">The digit count.</param>
    /// <param name="period">The period in seconds.</param>
    /// <param name="window">Steps accepted each side of now (default 1: RFC 6238 5.2's one step of delay).</param>
    /// <param name="accountId">The account, or null for a stateless check.</param>
    /// <returns>The result.</returns>
    public OtpVerificationResult VerifyTotp(byte[] key, string? code, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6, int period = 30, int window = 1, string? accountId = null)
    {
        if (window < 0 || window > OtpVerifier.MaximumWindow)
        {
            throw new SecureMailOpsException(OtpErrorIds.WindowInvalid, FailureKind.InvalidArgument, $"The window must be from 0 to {OtpVerifier.MaximumWindow} steps; {window} was given.");
        }

        OtpGenerator.ValidatePeriod(period);
        using var generator = new OtpKeyedGenerator(key, algorithm, digits);
        string? normalized = OtpVerifier.NormalizeCode(code, digits);
        if (accountId is null)
        {
            if (normalized is null)
            {
                return new OtpVerificationResult(OtpVerificationReason.Malformed, TotpSource, null, null, null, null, 0, null);
            }

            long step = OtpGenerator.TimeStep(_clock(), period);
            OtpMatch match = OtpVerifier.MatchTotp(generator, normalized, step, window, null);
            return match.Found
                ? new OtpVerificationResult(OtpVerificationReason.Valid, TotpSource, null, match.Step, match.Drift, null, 0, null)
                : new OtpVerificationResult(OtpVerificationReason.Invalid, TotpSource, null, null, null, null, 0, null);
        }

        string account = NormalizeAccountId(accountId);
        return RequireStore().Execute(transaction =>
        {
            DateTimeOffset now = _clock();
            OtpAccountState state = Begin(transaction, account, now, out bool locked);
            if (locked)
            {
                return Refuse(transaction, state, now, TotpSource, OtpVerificationReason.LockedOut, null, null, null, null);
            }

            if (normalized is null)
            {
                return Refuse(transaction, state, now, TotpSource, OtpVerificationReason.Malformed, null, null, null, null);
            }

            long step = OtpGenerator.TimeStep(now, period);
            OtpMatch match = OtpVerifier.MatchTotp(generator, normalized, step, window, state.LastTotpStep);
            if (!match.Found)
            {
                return Refuse(transaction, state, now, TotpSource, OtpVerificationReason.Invalid, null, null, null, null);
            }

            if (match.AlreadyUsed)
            {
                return Refuse(transaction, state, now, TotpSource, OtpVerificationReason.Replayed, match.Step, match.Drift, null, Invariant($"step={match.Step} last={state.LastTotpStep}"));
            }

            state.LastTotpStep = match.Step;
            return Accept(transaction, state, now, TotpSource, match, null);
        });
    }

    /// <summary>
    /// Verifies an HOTP code with look-ahead. With an account id the stored counter is used (the
    /// given counter only when it is higher, or the account is new) and moves past the match.
    /// </summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="code">The typed code.</param>
    /// <param name="counter">The counter expected next (the starting counter for a new account).</param>
    /// <param name="lookAhead">Further counters accepted, for resynchronisation.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">The digit count.</param>
    /// <param name="accountId">The account, or null for a stateless check.</param>
    /// <returns>The result.</returns>
    public OtpVerificationResult VerifyHotp(byte[] key, string? code, long counter, int lookAhead = 10, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6, string? accountId = null)
    {
        if (lookAhead < 0 || lookAhead > OtpVerifier.MaximumLookAhead)
        {
            throw new SecureMailOpsException(OtpErrorIds.LookAheadInvalid, FailureKind.InvalidArgument, $"The look-ahead must be from 0 to {OtpVerifier.MaximumLookAhead}; {lookAhead} was given.");
        }

        if (counter < 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.CounterInvalid, FailureKind.InvalidArgument, $"The counter must not be negative; {counter} was given.");
        }

        using var generator = new OtpKeyedGenerator(key, algorithm, digits);
        string? normalized = OtpVerifier.NormalizeCode(code, digits);
        if (accountId is null)
        {
            if (normalized is null)
            {
                return new OtpVerificationResult(OtpVerificationReason.Malformed, HotpSource, null, null, null, null, 0, null);
            }

            OtpMatch match = OtpVerifier.MatchHotp(generator, normalized, counter, lookAhead, false);
            return match.Found
                ? new OtpVerificationResult(OtpVerificationReason.Valid, HotpSource, null, match.Step, match.Drift, match.Step + 1, 0, null)
                : new OtpVerificationResult(OtpVerificationReason.Invalid, HotpSource, null, null, null, counter, 0, null);
        }

        string account = NormalizeAccountId(accountId);
        return ExecuteHotp(account, counter, (transaction, state, now, expected) =>
        {
            if (normalized is null)
            {
                return Refuse(transaction, state, now, HotpSource, OtpVerificationReason.Malformed, null, null, expected, null);
            }

            OtpMatch match = OtpVerifier.MatchHotp(generator, normalized, expected, lookAhead, state.HotpCounter.HasValue);
            if (!match.Found)
            {
                return Refuse(transaction, state, now, HotpSource, OtpVerificationReason.Invalid, null, null, expected, null);
            }

            if (match.AlreadyUsed)
            {
                return Refuse(transaction, state, now, HotpSource, OtpVerificationReason.Replayed, match.Step, match.Drift, expected, Invariant($"counter={match.Step}"));
            }

            state.HotpCounter = match.Step + 1;
            return Accept(transaction, state, now, HotpSource, match, match.Step + 1);
        });
    }

    /// <summary>
    /// Resynchronises an account's HOTP counter with two consecutive codes (RFC 4226 section 7.4):
    /// a separate, explicit operation, because searching far ahead with one code makes guessing
    /// practical. Searches <paramref name="resyncWindow"/> counters from the expected one for a
    /// counter whose code is <paramref name="code"/> and whose successor's code is
    /// <paramref name="nextCode"/>; on a match the counter moves past both. A miss counts as a failure.
    /// </summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="code">The first code the token shows.</param>
    /// <param name="nextCode">The code the token shows right after it.</param>
    /// <param name="counter">The counter expected next (the starting counter for a new account).</param>
    /// <param name="resyncWindow">How many counters to search (1 to <see cref="MaximumResyncWindow"/>).</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">The digit count.</param>
    /// <param name="accountId">The account.</param>
    /// <returns>The result; Step is the counter of the second code.</returns>
    public OtpVerificationResult ResynchronizeHotp(byte[] key, string? code, string? nextCode, long counter, int resyncWindow = DefaultResyncWindow, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6, string accountId = null!)
    {
        if (resyncWindow < 1 || resyncWindow > MaximumResyncWindow)
        {
            throw new SecureMailOpsException(OtpErrorIds.ResyncWindowInvalid, FailureKind.InvalidArgument, $"The resynchronisation window must be from 1 to {MaximumResyncWindow}; {resyncWindow} was given.");
        }

        if (counter < 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.CounterInvalid, FailureKind.InvalidArgument, $"The counter must not be negative; {counter} was given.");
        }

        string account = NormalizeAccountId(accountId);
        using var generator = new OtpKeyedGenerator(key, algorithm, digits);
        string? first = OtpVerifier.NormalizeCode(code, digits);
        string? second = OtpVerifier.NormalizeCode(nextCode, digits);
        return ExecuteHotp(account, counter, (transaction, state, now, expected) =>
        {
            if (first is null || second is null)
            {
                return Refuse(transaction, state, now, HotpSource, OtpVerificationReason.Malformed, null, null, expected, "resync");
            }

            OtpMatch match = OtpVerifier.MatchHotpPair(generator, first, second, expected, resyncWindow);
            if (!match.Found)
            {
                return Refuse(transaction, state, now, HotpSource, OtpVerificationReason.Invalid, null, null, expected, "resync");
            }

            state.HotpCounter = match.Step + 1;
            OtpVerificationResult accepted = Accept(transaction, state, now, HotpSource, match, match.Step + 1);
            transaction.AppendActivity(new ActivityEntry(now, account, HotpSource, ResynchronizedOutcome, Invariant($"counter={match.Step} drift={match.Drift}")));
            return accepted;
        });
    }

    /// <summary>Issues a new set of backup codes for an account, revoking every earlier one.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="count">How many codes (1 to 100).</param>
    /// <returns>The codes, to be shown once.</returns>
    public IReadOnlyList<OtpBackupCode> IssueBackupCodes(string accountId, int count = 10)
    {
        if (count < 1 || count > MaximumBackupCodes)
        {
            throw new SecureMailOpsException(OtpErrorIds.BackupCodeCountInvalid, FailureKind.InvalidArgument, $"The count must be from 1 to {MaximumBackupCodes}; {count} was given.");
        }

        string account = NormalizeAccountId(accountId);
        var codes = new List<OtpBackupCode>(count);
        var hashes = new List<byte[]>(count);
        using (var random = RandomNumberGenerator.Create())
        {
            for (int i = 0; i < count; i++)
            {
                string code = BackupCodeFormat.Create(random);
                char[] normalized = BackupCodeFormat.Normalize(code.AsSpan())!;
                hashes.Add(BackupCodeFormat.Hash(account, normalized));
                Array.Clear(normalized, 0, normalized.Length);
                codes.Add(new OtpBackupCode(account, i + 1, code));
            }
        }

        RequireStore().Execute(transaction =>
        {
            DateTimeOffset now = _clock();
            transaction.ReplaceBackupCodes(account, hashes, now);
            transaction.AppendActivity(new ActivityEntry(now, account, BackupCodeSource, BackupCodesIssuedOutcome, Invariant($"count={count}")));
            return count;
        });
        return codes;
    }

    /// <summary>Consumes a backup code atomically: it is accepted once, never again.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="code">The typed code (case, spaces and dashes tolerated); the caller clears it.</param>
    /// <returns>The result.</returns>
    public OtpBackupCodeResult VerifyBackupCode(string accountId, ReadOnlySpan<char> code)
    {
        string account = NormalizeAccountId(accountId);
        char[]? normalized = BackupCodeFormat.Normalize(code);
        byte[]? hash = normalized is null ? null : BackupCodeFormat.Hash(account, normalized);
        if (normalized is not null)
        {
            Array.Clear(normalized, 0, normalized.Length);
        }

        return RequireStore().Execute(transaction =>
        {
            DateTimeOffset now = _clock();
            OtpAccountState state = Begin(transaction, account, now, out bool locked);
            OtpVerificationReason reason;
            if (locked)
            {
                reason = OtpVerificationReason.LockedOut;
            }
            else if (hash is null)
            {
                reason = OtpVerificationReason.Malformed;
            }
            else
            {
                reason = transaction.ConsumeBackupCode(account, hash, now) switch
                {
                    BackupCodeConsumption.Consumed => OtpVerificationReason.Valid,
                    BackupCodeConsumption.AlreadyUsed => OtpVerificationReason.Replayed,
                    _ => OtpVerificationReason.Invalid,
                };
            }

            if (reason == OtpVerificationReason.Valid)
            {
                state.FailureCount = 0;
                state.LockoutCount = 0;
                transaction.SaveAccount(state, now);
                int left = transaction.CountBackupCodes(account);
                transaction.AppendActivity(new ActivityEntry(now, account, BackupCodeSource, reason.ToString(), Invariant($"remaining={left}")));
                return new OtpBackupCodeResult(account, reason, left, 0, null);
            }

            OtpVerificationResult refused = Refuse(transaction, state, now, BackupCodeSource, reason, null, null, null, null);
            return new OtpBackupCodeResult(account, reason, transaction.CountBackupCodes(account), refused.FailureCount, refused.LockedUntil);
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Reads the account; an expired lock-out is lifted here, but its failures are kept: the next
    // failure locks again, for longer (see OtpLockoutPolicy.LockoutFor), so attempts never reset.
    private static OtpAccountState Begin(IStateTransaction transaction, string account, DateTimeOffset now, out bool locked)
    {
        OtpAccountState state = transaction.GetAccountForUpdate(account) ?? new OtpAccountState(account);
        if (state.LockedUntil.HasValue && state.LockedUntil.Value <= now)
        {
            state.LockedUntil = null;
        }

        locked = state.LockedUntil.HasValue;
        return state;
    }

    private static OtpVerificationResult Accept(IStateTransaction transaction, OtpAccountState state, DateTimeOffset now, string source, OtpMatch match, long? nextCounter)
    {
        // Possession proven: the consecutive failures and the lock-out escalation start over.
        state.FailureCount = 0;
        state.LockoutCount = 0;
        transaction.SaveAccount(state, now);
        string label = string.Equals(source, HotpSource, StringComparison.Ordinal) ? "counter" : "step";
        transaction.AppendActivity(new ActivityEntry(now, state.AccountId, source, nameof(OtpVerificationReason.Valid), Invariant($"{label}={match.Step} drift={match.Drift}")));
        return new OtpVerificationResult(OtpVerificationReason.Valid, source, state.AccountId, match.Step, match.Drift, nextCounter, 0, null);
    }

    // Records a refusal. Every refusal but a lock-out counts as a failure; reaching the limit locks the
    // account, and every failure after that (once the lock-out ended) locks it again for twice as long.
    private OtpVerificationResult Refuse(IStateTransaction transaction, OtpAccountState state, DateTimeOffset now, string source, OtpVerificationReason reason, long? step, long? drift, long? nextCounter, string? detail)
    {
        if (reason != OtpVerificationReason.LockedOut)
        {
            state.FailureCount++;
            if (state.FailureCount >= _policy.MaxFailures)
            {
                state.LockoutCount++;
                state.LockedUntil = now + _policy.LockoutFor(state.LockoutCount);
            }
        }

        string failures = Invariant($"failures={state.FailureCount}");
        transaction.AppendActivity(new ActivityEntry(now, state.AccountId, source, reason.ToString(), detail is null ? failures : detail + " " + failures));
        if (reason != OtpVerificationReason.LockedOut && state.LockedUntil.HasValue)
        {
            transaction.AppendActivity(new ActivityEntry(now, state.AccountId, source, LockoutStartedOutcome, Invariant($"until={state.LockedUntil.Value.UtcDateTime:o} failures={state.FailureCount} lockout={state.LockoutCount}")));
        }

        transaction.SaveAccount(state, now);
        return new OtpVerificationResult(reason, source, state.AccountId, step, drift, nextCounter, state.FailureCount, state.LockedUntil);
    }

    // One HOTP transaction: the account read for update, a lock-out refused, then the decision with
    // the counter expected next (the stored one, or the caller's when it is higher or the account new).
    private OtpVerificationResult ExecuteHotp(string account, long counter, Func<IStateTransaction, OtpAccountState, DateTimeOffset, long, OtpVerificationResult> decide) =>
        RequireStore().Execute(transaction =>
        {
            DateTimeOffset now = _clock();
            OtpAccountState state = Begin(transaction, account, now, out bool locked);
            long expected = Math.Max(counter, state.HotpCounter ?? 0);
            return locked
                ? Refuse(transaction, state, now, HotpSource, OtpVerificationReason.LockedOut, null, null, expected, null)
                : decide(transaction, state, now, expected);
        });

    private IStateStore RequireStore() =>
        _store ?? throw new SecureMailOpsException(StateStoreErrorIds.Missing, FailureKind.InvalidOperation, "This operation needs a state store.");
}
