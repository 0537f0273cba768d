using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Connection settings for a submission server, reusable across messages, cmdlets and callers.
/// Secrets are held as read-only SecureString copies and never appear in <see cref="ToString"/> or
/// any public property: only whether one is set.
/// </summary>
public sealed class SmtpProfile
{
    private readonly List<string> _pins = new();
    [Secret]
    private SecureString? _password;
    [Secret]
    private SecureString? _oauthToken;
    private IOAuthTokenSource? _oauthTokenSource;
    private int _maxRetries = 3;
    private TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private TimeSpan _retryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Creates a profile.</summary>
    /// <param name="server">Host name or address of the submission server.</param>
    /// <param name="port">The port; 0 picks the mode's default (587 for STARTTLS, 465 for implicit TLS).</param>
    /// <param name="tlsMode">How TLS starts.</param>
    public SmtpProfile(string server, int port = 0, SmtpTlsMode tlsMode = SmtpTlsMode.StartTls)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new SecureMailOpsException(SmtpErrorIds.ServerMissing, FailureKind.InvalidArgument, "An SMTP server name is required.");
        }

        if (port < 0 || port > 65535)
        {
            throw new SecureMailOpsException(SmtpErrorIds.PortInvalid, FailureKind.InvalidArgument, $"The port {port} is outside 1-65535.", port);
        }

        Server = server.Trim();
        TlsMode = tlsMode;
        Port = port != 0 ? port : DefaultPort(tlsMode);
    }

    /// <summary>Gets the server name.</summary>
    public string Server { get; }

    /// <summary>Gets the port.</summary>
    public int Port { get; }

    /// <summary>Gets how TLS starts.</summary>
    public SmtpTlsMode TlsMode { get; }

    /// <summary>Gets the user name for authentication, or null for none.</summary>
    public string? UserName { get; private set; }

    /// <summary>Gets a value indicating whether a password is set (never the password).</summary>
    public bool HasPassword => _password is not null;

    /// <summary>Gets a value indicating whether an OAuth 2.0 access token is set (never the token).</summary>
    public bool HasOAuthToken => _oauthToken is not null || _oauthTokenSource is not null;

    /// <summary>Gets the accepted certificate SHA-256 fingerprints (64 upper-case hex digits each).</summary>
    public IReadOnlyList<string> CertificatePins => _pins;

    /// <summary>Gets or sets the lowest TLS version accepted.</summary>
    public SmtpTlsVersion MinimumTlsVersion { get; set; } = SmtpTlsVersion.Tls12;

    /// <summary>Gets or sets how long one network operation may wait for the server.</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero && value <= TimeSpan.FromHours(1)
            ? value
            : throw new SecureMailOpsException(SmtpErrorIds.TimeoutInvalid, FailureKind.InvalidArgument, "The timeout must be between 1 ms and 1 hour.");
    }

    /// <summary>Gets or sets how many times a transient failure is retried (0 to 10; default 3).</summary>
    public int MaxRetries
    {
        get => _maxRetries;
        set => _maxRetries = value is >= 0 and <= 10
            ? value
            : throw new SecureMailOpsException(SmtpErrorIds.MaxRetriesInvalid, FailureKind.InvalidArgument, "MaxRetries must be between 0 and 10.");
    }

    /// <summary>Gets or sets the first retry delay; each retry doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay
    {
        get => _retryBaseDelay;
        set => _retryBaseDelay = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(5)
            ? value
            : throw new SecureMailOpsException(SmtpErrorIds.RetryDelayInvalid, FailureKind.InvalidArgument, "The retry delay must be between 0 and 5 minutes.");
    }

    /// <summary>Gets or sets the file the SMTP conversation is logged to (AUTH secrets redacted), or null for no log.</summary>
    public string? ProtocolLogPath { get; set; }

    /// <summary>The default port for a TLS mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>587 for STARTTLS, 465 for implicit TLS (RFC 8314).</returns>
    public static int DefaultPort(SmtpTlsMode mode) => mode == SmtpTlsMode.Implicit ? 465 : 587;

    /// <summary>Sets password authentication. The password is copied; the caller keeps ownership of its SecureString.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    public void SetPassword(string userName, SecureString password)
    {
        if (string.IsNullOrEmpty(userName))
        {
            throw new SecureMailOpsException(SmtpErrorIds.UserNameMissing, FailureKind.InvalidArgument, "A user name is required with a password.");
        }

        if (password is null)
        {
            throw new ArgumentNullException(nameof(password));
        }

        UserName = userName;
        _password = ReadOnlyCopy(password);
        _oauthToken = null;
        _oauthTokenSource = null;
    }

    /// <summary>Sets OAuth 2.0 (XOAUTH2) authentication with an access token.</summary>
    /// <param name="userName">The user name (mailbox) the token was issued for.</param>
    /// <param name="token">The access token.</param>
    public void SetOAuthToken(string userName, SecureString token)
    {
        if (string.IsNullOrEmpty(userName))
        {
            throw new SecureMailOpsException(SmtpErrorIds.UserNameMissing, FailureKind.InvalidArgument, "A user name is required with an OAuth token.");
        }

        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        UserName = userName;
        _oauthToken = ReadOnlyCopy(token);
        _oauthTokenSource = null;
        _password = null;
    }

    /// <summary>Sets OAuth 2.0 (XOAUTH2) authentication with tokens from a source that acquires and refreshes them.</summary>
    /// <param name="userName">The mailbox to send as (the XOAUTH2 user).</param>
    /// <param name="source">Where the access tokens come from.</param>
    public void SetOAuthTokenSource(string userName, IOAuthTokenSource source)
    {
        if (string.IsNullOrEmpty(userName))
        {
            throw new SecureMailOpsException(SmtpErrorIds.UserNameMissing, FailureKind.InvalidArgument, "A user name (the mailbox to send as) is required with an OAuth token source.");
        }

        UserName = userName;
        _oauthTokenSource = source ?? throw new ArgumentNullException(nameof(source));
        _oauthToken = null;
        _password = null;
    }

    /// <summary>Adds accepted certificate fingerprints (SHA-256, hex, colons and spaces allowed).</summary>
    /// <param name="pins">The fingerprints.</param>
    public void AddCertificatePins(IEnumerable<string> pins)
    {
        if (pins is null)
        {
            throw new ArgumentNullException(nameof(pins));
        }

        foreach (string pin in pins)
        {
            string normalized = NormalizePin(pin);
            if (!_pins.Contains(normalized))
            {
                _pins.Add(normalized);
            }
        }
    }

    /// <summary>Normalizes a SHA-256 fingerprint to 64 upper-case hex digits.</summary>
    /// <param name="pin">The fingerprint as typed (colons, spaces and dashes allowed).</param>
    /// <returns>The normalized fingerprint.</returns>
    public static string NormalizePin(string pin)
    {
        var chars = new List<char>(64);
        foreach (char c in pin ?? string.Empty)
        {
            if (c is ':' or ' ' or '-')
            {
                continue;
            }

            if (!Uri.IsHexDigit(c))
            {
                throw new SecureMailOpsException(SmtpErrorIds.CertificatePinInvalid, FailureKind.InvalidArgument,
                    "A certificate pin must be a SHA-256 fingerprint: 64 hexadecimal digits (colons allowed).", pin);
            }

            chars.Add(char.ToUpperInvariant(c));
        }

        if (chars.Count != 64)
        {
            throw new SecureMailOpsException(SmtpErrorIds.CertificatePinInvalid, FailureKind.InvalidArgument,
                string.Format(CultureInfo.InvariantCulture, "A certificate pin must be a SHA-256 fingerprint of 64 hexadecimal digits; {0} were given.", chars.Count), pin);
        }

        return new string(chars.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}:{1} ({2})", Server, Port, TlsMode);

    [Secret]
    internal SecureString? Password => _password;

    [Secret]
    internal SecureString? OAuthToken => _oauthToken;

    internal IOAuthTokenSource? OAuthTokenSource => _oauthTokenSource;

    private static SecureString ReadOnlyCopy(SecureString value)
    {
        SecureString copy = value.Copy();
        copy.MakeReadOnly();
        return copy;
    }
}
