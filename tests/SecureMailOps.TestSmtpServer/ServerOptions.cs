using System.Security.Authentication;

namespace SecureMailOps.TestSmtpServer;

/// <summary>How TLS starts on the scripted server.</summary>
public enum ServerTls
{
    StartTls,
    Implicit,

    /// <summary>STARTTLS is never offered (a stripped or misconfigured server).</summary>
    NoStartTls,
}

/// <summary>Which certificate the server presents.</summary>
public enum ServerCertificate
{
    SelfSigned,
    Expired,
    WrongName,
}

/// <summary>One way to misbehave.</summary>
public enum Fault
{
    None,
    Greeting421,
    StartTls454,
    HandshakeGarbage,
    RejectRecipient550,
    DeferRecipient452,
    DataEnd451,
    DropMidData,
    DropAfterDot,
    StopAnswering,
}

/// <summary>Settings of a scripted server.</summary>
public sealed class ServerOptions
{
    public ServerTls Tls { get; set; } = ServerTls.StartTls;

    public ServerCertificate Certificate { get; set; } = ServerCertificate.SelfSigned;

    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>user:password that AUTH accepts; other credentials get 535. Null: no AUTH offered.</summary>
    public string? Credentials { get; set; }

    /// <summary>Checks XOAUTH2 (user, token) instead of <see cref="Credentials"/>; a refused token gets 535 5.7.3 as Exchange Online answers.</summary>
    public System.Func<string, string, bool>? TokenValidator { get; set; }

    /// <summary>
    /// Checks XOAUTH2 (user, token) and returns when the token expires, or null to refuse it (535 5.7.3). The session
    /// keeps the expiry: a MAIL FROM after it gets 421 4.7.0 and the connection is closed, so a client must reconnect
    /// with a fresh token (how a batch spans several token lives in tests). Takes precedence over <see cref="TokenValidator"/>.
    /// </summary>
    public System.Func<string, string, System.DateTimeOffset?>? TokenExpiry { get; set; }

    /// <summary>
    /// A refused XOAUTH2 token first gets the SASL error challenge (334 and a base64 JSON status, as Gmail and the
    /// XOAUTH2 specification answer), then, after the client's empty reply, 535 5.7.3.
    /// </summary>
    public bool XOAuth2ErrorChallenge { get; set; }

    /// <summary>Offer AUTH in the EHLO reply before TLS too (a finding for the probe).</summary>
    public bool AuthBeforeTls { get; set; }

    public Fault Fault { get; set; } = Fault.None;

    /// <summary>How many times the fault happens before the server behaves (int.MaxValue: always).</summary>
    public int FaultCount { get; set; } = int.MaxValue;

    /// <summary>A script consulted at every GREETING, MAIL, RCPT, DATA and DOT step (after the fault above); null: behave.</summary>
    public System.Func<ScriptStep, ScriptAction>? Script { get; set; }

    /// <summary>The recipient address the recipient faults apply to.</summary>
    public string FaultRecipient { get; set; } = "bad@example.com";
}
