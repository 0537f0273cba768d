namespace SecureMailOps.Core.Otp;

/// <summary>A freshly issued backup code: shown once, then only its hash exists.</summary>
public sealed class OtpBackupCode
{
    /// <summary>Creates a backup code record.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <param name="index">Its number in the set (1-based).</param>
    /// <param name="code">The code, grouped for reading aloud.</param>
    public OtpBackupCode(string accountId, int index, string code)
    {
        AccountId = accountId;
        Index = index;
        Code = code;
    }

    /// <summary>Gets the normalised account id.</summary>
    public string AccountId { get; }

    /// <summary>Gets the code's number in the set.</summary>
    public int Index { get; }

    /// <summary>Gets the code (groups of four separated by dashes).</summary>
    [Secret]
    public string Code { get; }

    /// <summary>Names the code's position without revealing it.</summary>
    /// <returns>Account and index.</returns>
    public override string ToString() => $"{AccountId} backup code {Index}";
}
