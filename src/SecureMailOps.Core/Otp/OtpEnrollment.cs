namespace SecureMailOps.Core.Otp;

/// <summary>
/// An authenticator enrollment: the otpauth:// Key URI and where its QR code was written. The URI
/// and <see cref="Secret"/> carry the secret; the default view shows neither.
/// </summary>
public sealed class OtpEnrollment
{
    /// <summary>Creates an enrollment record.</summary>
    /// <param name="issuer">The issuer.</param>
    /// <param name="accountName">The account name.</param>
    /// <param name="uri">The otpauth URI.</param>
    /// <param name="secret">The Base32 secret.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="digits">The digit count.</param>
    /// <param name="period">The period in seconds.</param>
    /// <param name="qrCodePath">The PNG path, or null.</param>
    public OtpEnrollment(string issuer, string accountName, string uri, string secret, OtpAlgorithm algorithm, int digits, int period, string? qrCodePath)
    {
        Issuer = issuer;
        AccountName = accountName;
        Uri = uri;
        Secret = secret;
        Algorithm = algorithm;
        Digits = digits;
        Period = period;
        QrCodePath = qrCodePath;
    }

    /// <summary>Gets the issuer (the service name shown in the app).</summary>
    public string Issuer { get; }

    /// <summary>Gets the account name (usually the mail address).</summary>
    public string AccountName { get; }

    /// <summary>Gets the otpauth:// Key URI (it contains the secret).</summary>
    public string Uri { get; }

    /// <summary>Gets the secret as unpadded Base32.</summary>
    [Secret]
    public string Secret { get; }

    /// <summary>Gets the HMAC algorithm.</summary>
    public OtpAlgorithm Algorithm { get; }

    /// <summary>Gets the number of digits.</summary>
    public int Digits { get; }

    /// <summary>Gets the period in seconds.</summary>
    public int Period { get; }

    /// <summary>Gets the full path of the QR code PNG, or null when none was written.</summary>
    public string? QrCodePath { get; }

    /// <summary>Names the enrollment without revealing the secret.</summary>
    /// <returns>Issuer and account.</returns>
    public override string ToString() => $"{Issuer}:{AccountName}";
}
