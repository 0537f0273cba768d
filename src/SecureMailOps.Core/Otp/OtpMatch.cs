namespace SecureMailOps.Core.Otp;

/// <summary>Where in a window a code matched, if anywhere.</summary>
public sealed class OtpMatch
{
    /// <summary>Creates a match.</summary>
    /// <param name="step">The matched step or counter.</param>
    /// <param name="drift">Matched minus expected.</param>
    /// <param name="alreadyUsed">Whether the matched step or counter was used before (a replay).</param>
    public OtpMatch(long step, long drift, bool alreadyUsed)
    {
        Found = true;
        Step = step;
        Drift = drift;
        AlreadyUsed = alreadyUsed;
    }

    private OtpMatch()
    {
    }

    /// <summary>Gets the result for "no match".</summary>
    public static OtpMatch None { get; } = new OtpMatch();

    /// <summary>Gets a value indicating whether the code matched a step or counter.</summary>
    public bool Found { get; }

    /// <summary>Gets the matched step or counter.</summary>
    public long Step { get; }

    /// <summary>Gets matched minus expected.</summary>
    public long Drift { get; }

    /// <summary>Gets a value indicating whether the match was used before.</summary>
    public bool AlreadyUsed { get; }
}
