using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Creates an authenticator enrollment: the otpauth:// Key URI, a QR code PNG and/or a QR code
/// drawn in the terminal. Generates a secret when none is given.
/// </summary>
[Cmdlet(VerbsCommon.New, "OtpEnrollment", SupportsShouldProcess = true)]
[OutputType(typeof(OtpEnrollment))]
public sealed class NewOtpEnrollmentCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the issuer: the service name the app shows.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Issuer { get; set; } = null!;

    /// <summary>Gets or sets the account name, usually the mail address.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountName { get; set; } = null!;

    /// <summary>Gets or sets the Base32 secret; a new one is generated when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    public SecureString? Secret { get; set; }

    /// <summary>Gets or sets the HMAC algorithm: SHA1, SHA256 or SHA512.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(OtpAlgorithm.SHA1), nameof(OtpAlgorithm.SHA256), nameof(OtpAlgorithm.SHA512), IgnoreCase = true)]
    public string Algorithm { get; set; } = nameof(OtpAlgorithm.SHA1);

    /// <summary>Gets or sets the number of digits.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(OtpGenerator.MinimumDigits, OtpGenerator.MaximumDigits)]
    public int Digits { get; set; } = 6;

    /// <summary>Gets or sets the time step in seconds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 86400)]
    public int Period { get; set; } = 30;

    /// <summary>Gets or sets where to write the QR code PNG.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QrCodePath { get; set; }

    /// <summary>Gets or sets a value indicating whether to draw the QR code in the terminal.</summary>
    [Parameter]
    public SwitchParameter ShowQrCode { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        byte[]? key = null;
        try
        {
            var algorithm = EngineEnum.Parse<OtpAlgorithm>(Algorithm);

            // A given secret is decoded and re-encoded: that validates it and normalises case, spaces and padding.
            string secret;
            if (Secret is null)
            {
                secret = OtpSecret.Create(algorithm).Secret;
            }
            else
            {
                key = OtpSecretReader.DecodeKey(Secret);

                // Existing secrets of any length still verify (Get-OtpCode, Test-OtpCode); new enrollments get 128 bits or more.
                OtpSecret.EnsureLongEnough(key.Length, algorithm);
                secret = Base32.Encode(key);
            }

            string uri = OtpEnrollmentBuilder.BuildUri(Issuer, AccountName, secret, algorithm, Digits, Period);
            string? written = null;
            if (QrCodePath is not null)
            {
                string path = GetUnresolvedProviderPathFromPSPath(QrCodePath);
                if (ShouldProcess(path, "Write the enrollment QR code (it contains the secret)"))
                {
                    WritePng(path, OtpEnrollmentBuilder.RenderPng(uri));
                    written = path;
                }
            }

            if (ShowQrCode.IsPresent)
            {
                Host.UI.WriteLine(string.Empty);
                foreach (string line in OtpEnrollmentBuilder.RenderTerminal(uri))
                {
                    Host.UI.WriteLine(line);
                }

                Host.UI.WriteLine(string.Empty);
            }

            WriteObject(new OtpEnrollment(Issuer, AccountName, uri, secret, algorithm, Digits, Period, written));
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
        }
        finally
        {
            if (key is not null)
            {
                Array.Clear(key, 0, key.Length);
            }
        }
    }

    private static void WritePng(string path, byte[] png)
    {
        try
        {
            // The PNG encodes the TOTP secret: owner-only from its first byte, like the store.
            OwnerOnlyFile.WriteAllBytes(path, png);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecureMailOpsException(OtpErrorIds.QrCodeWriteFailed, FailureKind.WriteError, $"The QR code could not be written to '{path}': {ex.Message}", path, ex);
        }
    }
}
