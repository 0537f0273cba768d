using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Sends mail over verified TLS: parameter binding over the engine's SmtpDispatcher, which owns the
/// connections (one per profile, or -ThrottleLimit in parallel), retries and shutdown, and reports one
/// outcome per message; this cmdlet turns outcomes into receipts, errors and progress.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SecureMail", SupportsShouldProcess = true, DefaultParameterSetName = InlineSet)]
[OutputType(typeof(SmtpSendReceipt))]
public sealed class SendSecureMailCommand : AsyncSecureMailOpsCmdlet
{
    private const string InlineSet = "Inline";
    private const string ProfileSet = "Profile";
    private readonly SmtpBatchTally _tally = new();
    private SmtpProfile? _inlineProfile;
    private SmtpDispatcher? _dispatcher;
    private ProgressReporter? _progress;

    /// <summary>Gets or sets a profile from New-SmtpProfile.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProfileSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public SmtpProfile Profile { get; set; } = null!;

    /// <summary>Gets or sets the submission server (inline connection settings).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InlineSet)]
    [Alias("SmtpServer", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>Gets or sets the port; defaults to 587 (StartTls) or 465 (Implicit).</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>Gets or sets how TLS starts: StartTls (default) or Implicit.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateSet(nameof(SmtpTlsMode.StartTls), nameof(SmtpTlsMode.Implicit), IgnoreCase = true)]
    public string TlsMode { get; set; } = nameof(SmtpTlsMode.StartTls);

    /// <summary>Gets or sets the user name and password for AUTH.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Gets or sets an OAuth 2.0 access token (XOAUTH2).</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [SecretTransformation]
    public SecureString? OAuthToken { get; set; }

    /// <summary>Gets or sets the mailbox the OAuth token belongs to.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    public string? UserName { get; set; }

    /// <summary>Gets or sets accepted certificate SHA-256 fingerprints.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateNotNullOrEmpty]
    public string[]? CertificatePin { get; set; }

    /// <summary>Gets or sets the lowest accepted TLS version.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateSet(nameof(SmtpTlsVersion.Tls12), nameof(SmtpTlsVersion.Tls13), IgnoreCase = true)]
    public string MinimumTlsVersion { get; set; } = nameof(SmtpTlsVersion.Tls12);

    /// <summary>Gets or sets how long one network operation may wait, in seconds.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets a file to log the SMTP conversation to.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateNotNullOrEmpty]
    public string? ProtocolLogPath { get; set; }

    /// <summary>Gets or sets the sender address.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string From { get; set; } = null!;

    /// <summary>Gets or sets the To recipients.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] To { get; set; } = null!;

    /// <summary>Gets or sets the Cc recipients.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string[]? Cc { get; set; }

    /// <summary>Gets or sets the Bcc recipients.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string[]? Bcc { get; set; }

    /// <summary>Gets or sets the Reply-To addresses.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string[]? ReplyTo { get; set; }

    /// <summary>Gets or sets the subject.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Subject { get; set; } = null!;

    /// <summary>Gets or sets the plain-text body.</summary>
    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Body { get; set; }

    /// <summary>Gets or sets the HTML body.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? HtmlBody { get; set; }

    /// <summary>Gets or sets files to attach (PowerShell paths, wildcards allowed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Attachments")]
    [AllowEmptyString]
    [AllowNull]
    public string[]? Attachment { get; set; }

    /// <summary>Gets or sets the priority.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(MessagePriority.Normal), nameof(MessagePriority.High), nameof(MessagePriority.Low), IgnoreCase = true)]
    public string Priority { get; set; } = nameof(MessagePriority.Normal);

    /// <summary>Gets or sets extra headers (name = value).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
#pragma warning disable CA2227 // PowerShell binds parameters through the setter.
    public Hashtable? Header { get; set; }
#pragma warning restore CA2227

    /// <summary>Gets or sets the DKIM private key (PEM); signing needs -DkimDomain and -DkimSelector too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DkimKeyPath { get; set; }

    /// <summary>Gets or sets the DKIM signing domain (d=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DkimDomain { get; set; }

    /// <summary>Gets or sets the DKIM selector (s=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DkimSelector { get; set; }

    /// <summary>Gets or sets how many times transient failures are retried (default: the profile's, 3).</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int? MaxRetries { get; set; }

    /// <summary>Gets or sets a value indicating whether a message whose delivery is unknown is sent again.</summary>
    [Parameter]
    public SwitchParameter RetryUnknownDelivery { get; set; }

    /// <summary>Gets or sets how many connections send in parallel.</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether to output a receipt per message.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if ((DkimKeyPath is null) != (DkimDomain is null) || (DkimKeyPath is null) != (DkimSelector is null))
        {
            ThrowEngineError(new SecureMailOpsException(SmtpErrorIds.DkimIncomplete, FailureKind.InvalidArgument,
                "DKIM signing needs all three of -DkimKeyPath, -DkimDomain and -DkimSelector."));
        }

        if (string.Equals(ParameterSetName, InlineSet, StringComparison.Ordinal))
        {
            try
            {
                _inlineProfile = SmtpCmdletSupport.BuildProfile(this, Server, Port, TlsMode, Credential, OAuthToken, UserName, CertificatePin,
                    MinimumTlsVersion, TimeoutSeconds, MaxRetries ?? 3, ProtocolLogPath);
            }
            catch (SecureMailOpsException ex)
            {
                ThrowEngineError(ex, Server);
            }
        }

        _progress = new ProgressReporter(this, 1, "Send-SecureMail", "Sending");
        _dispatcher = new SmtpDispatcher(
            new SmtpDispatcherOptions
            {
                ConnectionsPerProfile = ThrottleLimit,
                MaxRetries = MaxRetries,
                ResendWhenDeliveryUnknown = RetryUnknownDelivery.IsPresent,
                Log = message => Post(() => WriteVerbose(message)),
                OutcomeReady = outcome => PostOutput(() => Report(outcome)),
            },
            CancelToken);
        TrackBackground(_dispatcher.Completion);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        SmtpProfile profile = string.Equals(ParameterSetName, ProfileSet, StringComparison.Ordinal) ? Profile : _inlineProfile!;
        string target = string.Join(", ", To);
        OutgoingMessage message;
        try
        {
            message = BuildMessage();
        }
        catch (SecureMailOpsException ex)
        {
            _tally.RecordNotSent();
            WriteEngineError(ex, target);
            return;
        }

        if (ShouldProcess(target, $"Send mail '{Subject}' through {profile.Server}:{profile.Port}"))
        {
            // Returns once the message is queued: PowerShell binds the next pipeline object while this
            // one is on the wire; outcomes come back through Report on this thread meanwhile.
            AwaitUnlessStopped(_dispatcher!.EnqueueAsync(profile, message, target, CancelToken));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        AwaitUnlessStopped(_dispatcher!.CompleteAsync());
        _progress!.Complete();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancels what still runs (a stopped pipeline or a terminating error) and waits for every worker.
            _dispatcher?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void AwaitUnlessStopped(Task task)
    {
        try
        {
            Await(task);
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell stops the pipeline itself.
        }
    }

    private void Report(SmtpDeliveryOutcome outcome)
    {
        SmtpOutcomeAction action = _tally.Record(outcome);
        if (action.HasFlag(SmtpOutcomeAction.WriteReceipt) && PassThru.IsPresent)
        {
            WriteObject(outcome.Receipt);
        }

        if (action.HasFlag(SmtpOutcomeAction.StopBatch))
        {
            ThrowEngineError(outcome.Error!, outcome.State);
        }

        if (action.HasFlag(SmtpOutcomeAction.WriteError))
        {
            WriteEngineError(outcome.Error!, outcome.State);
        }

        if (_progress!.IsDue())
        {
            _progress.Report(0, 0, _tally.Status);
        }
    }

    private OutgoingMessage BuildMessage()
    {
        var message = new OutgoingMessage { From = From, Subject = Subject ?? string.Empty, TextBody = Body, HtmlBody = HtmlBody, Priority = EngineEnum.Parse<MessagePriority>(Priority) };
        message.AddAddresses(To, Cc, Bcc, ReplyTo);
        SmtpCmdletSupport.AddHeaders(message.Headers, Header);
        SmtpCmdletSupport.AddAttachments(this, message.Attachments, Attachment);
        if (DkimKeyPath is not null)
        {
            message.Dkim = new DkimSigningOptions(SessionState.Path.GetUnresolvedProviderPathFromPSPath(DkimKeyPath), DkimDomain!, DkimSelector!);
        }

        return message;
    }
}
