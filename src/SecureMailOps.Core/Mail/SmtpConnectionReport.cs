using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// What a probe of an SMTP server found, shaped as a "Connection" record the policy engine evaluates
/// (Kind, Id, Host, Port, Protocol, Tls.*, AuthBeforeTls).
/// </summary>
public sealed class SmtpConnectionReport
{
    /// <summary>Gets the record kind for the policy engine: always "Connection".</summary>
#pragma warning disable CA1822 // An instance property: PowerShell and the policy engine read it from the record.
    public string Kind => "Connection";
#pragma warning restore CA1822

    /// <summary>Gets the record id: smtp://host:port.</summary>
    public string Id => $"smtp://{Host}:{Port}";

    /// <summary>Gets the server name probed.</summary>
    public string Host { get; internal set; } = string.Empty;

    /// <summary>Gets the port probed.</summary>
    public int Port { get; internal set; }

    /// <summary>Gets the protocol: always "smtp".</summary>
#pragma warning disable CA1822 // An instance property: PowerShell and the policy engine read it from the record.
    public string Protocol => "smtp";
#pragma warning restore CA1822

    /// <summary>Gets the TLS mode probed (StartTls or Implicit).</summary>
    public string TlsMode { get; internal set; } = string.Empty;

    /// <summary>Gets a value indicating whether the server answered at all.</summary>
    public bool Reachable { get; internal set; }

    /// <summary>Gets the greeting (220 line).</summary>
    public string Banner { get; internal set; } = string.Empty;

    /// <summary>Gets the EHLO capabilities before TLS (STARTTLS mode only).</summary>
    public IReadOnlyList<string> CapabilitiesBeforeTls { get; internal set; } = Array.Empty<string>();

    /// <summary>Gets the EHLO capabilities over TLS.</summary>
    public IReadOnlyList<string> Capabilities { get; internal set; } = Array.Empty<string>();

    /// <summary>Gets a value indicating whether STARTTLS is offered (always true in implicit mode, where TLS comes first).</summary>
    public bool StartTlsOffered { get; internal set; }

    /// <summary>Gets the AUTH mechanisms offered before TLS: any at all is a finding.</summary>
    public IReadOnlyList<string> AuthMechanismsBeforeTls { get; internal set; } = Array.Empty<string>();

    /// <summary>Gets the AUTH mechanisms offered over TLS.</summary>
    public IReadOnlyList<string> AuthMechanismsAfterTls { get; internal set; } = Array.Empty<string>();

    /// <summary>Gets a value indicating whether the server offers AUTH before TLS (credentials could be sent in clear).</summary>
    public bool AuthBeforeTls => AuthMechanismsBeforeTls.Count > 0;

    /// <summary>Gets the TLS details.</summary>
    public SmtpTlsReport Tls { get; } = new();

    /// <summary>Gets what the probe found wrong, in words (empty when nothing).</summary>
    public IList<string> Findings { get; } = new List<string>();

    /// <summary>Gets the error that stopped the probe early, or empty.</summary>
    public string Error { get; internal set; } = string.Empty;

    /// <summary>Gets when the probe ran.</summary>
    public DateTimeOffset ProbedAt { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
