using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Sends mail over verified TLS. Pipeline input is sent over one connection per profile (reopened
/// if the server drops it); -ThrottleLimit spreads a batch over several parallel connections.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SecureMail", SupportsShouldProcess = true, DefaultParameterSetName = InlineSet)]
[OutputType(typeof(SmtpSendReceipt))]
public sealed class SendSecureMailCommand : AsyncSecureMailOpsCmdlet
{
    private const string InlineSet = "Inline";
    private const string ProfileSet = "Profile";
    private readonly List<SecureMailSender> _allSenders = new();
    private readonly Stopwatch _progressClock = new();
    private SmtpProfile? _inlineProfile;
    private BlockingCollection<WorkItem>? _work;
    private Task[]? _workers;
    private int _sent;
    private int _failed;
    private bool _progressShown;

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

        _progressClock.Start();
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
            _failed++;
            WriteEngineError(ex, target);
            return;
        }

        if (!ShouldProcess(target, $"Send mail '{Subject}' through {profile.Server}:{profile.Port}"))
        {
            return;
        }

        // Even with one connection the sending runs on a worker: PowerShell binds the next pipeline
        // object while the current message is on the wire, and messages still go in order.
        Enqueue(new WorkItem(profile, message, target));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_work is not null && _workers is not null)
            {
                _work.CompleteAdding();
                Await(Task.WhenAll(_workers));
            }
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell stops the pipeline itself.
        }

        if (_progressShown)
        {
            WriteProgress(new ProgressRecord(1, "Send-SecureMail", $"{_sent} sent, {_failed} failed") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        base.StopProcessing();
        SecureMailSender[] senders;
        lock (_allSenders)
        {
            senders = _allSenders.ToArray();
        }

        foreach (SecureMailSender sender in senders)
        {
            sender.Abort();
        }
    }

    private static bool IsSessionFatal(SecureMailOpsException ex) =>
        ex.Kind is FailureKind.SecurityError or FailureKind.AuthenticationError;

    private SecureMailSender GetSender(Dictionary<SmtpProfile, SecureMailSender> senders, SmtpProfile profile)
    {
        if (!senders.TryGetValue(profile, out SecureMailSender? sender))
        {
            sender = new SecureMailSender(profile)
            {
                ResendWhenDeliveryUnknown = RetryUnknownDelivery.IsPresent,
                Log = message => Post(() => WriteVerbose(message)),
            };
            if (MaxRetries is int retries)
            {
                sender.MaxRetries = retries;
            }

            senders[profile] = sender;
            lock (_allSenders)
            {
                _allSenders.Add(sender);
            }
        }

        return sender;
    }

    private void Enqueue(WorkItem item)
    {
        if (_work is null)
        {
            _work = new BlockingCollection<WorkItem>(ThrottleLimit * 4);
            _workers = new Task[ThrottleLimit];
            for (int i = 0; i < _workers.Length; i++)
            {
                _workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        while (!_work.TryAdd(item))
        {
            PumpOnce(20);
        }

        PumpPending();
    }

    private void Work()
    {
        var senders = new Dictionary<SmtpProfile, SecureMailSender>();
        try
        {
            foreach (WorkItem item in _work!.GetConsumingEnumerable(CancelToken))
            {
                SecureMailSender sender = GetSender(senders, item.Profile);
                try
                {
                    SmtpSendReceipt receipt = sender.Send(item.Message, CancelToken);
                    Post(() => Report(receipt));
                }
                catch (SecureMailOpsException ex)
                {
                    Post(() => Fail(ex, item.Target));
                }
            }
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // Stopped or a fatal error elsewhere: close what is open and leave.
        }
        finally
        {
            foreach (SecureMailSender sender in senders.Values)
            {
                sender.Dispose();
            }
        }
    }

    private void Report(SmtpSendReceipt receipt)
    {
        _sent++;
        foreach (SmtpRecipientRejection rejection in receipt.RejectedRecipients)
        {
            WriteEngineError(new SecureMailOpsException(SmtpErrorIds.RecipientRejected, FailureKind.ProtocolError,
                $"{rejection.Address} was refused by {receipt.Server}: {rejection.StatusCode} {rejection.Reply}. The message went to the accepted recipients ({receipt.AcceptedRecipients.Count}).",
                rejection.Address));
        }

        if (PassThru.IsPresent)
        {
            WriteObject(receipt);
        }

        ShowProgress();
    }

    private void Fail(SecureMailOpsException ex, string target)
    {
        _failed++;
        if (IsSessionFatal(ex))
        {
            // TLS, certificate and credential failures would repeat for every message on this
            // profile: stop instead of producing one identical error per message.
            ThrowEngineError(ex, target);
        }

        WriteEngineError(ex, target);
        ShowProgress();
    }

    private void ShowProgress()
    {
        if (_progressClock.ElapsedMilliseconds < 250)
        {
            return;
        }

        _progressClock.Restart();
        _progressShown = true;
        WriteProgress(new ProgressRecord(1, "Send-SecureMail", $"{_sent} sent, {_failed} failed") { PercentComplete = -1 });
    }

    private OutgoingMessage BuildMessage()
    {
        var message = new OutgoingMessage { From = From, Subject = Subject ?? string.Empty, TextBody = Body, HtmlBody = HtmlBody };
        AddAll(message.To, To);
        AddAll(message.Cc, Cc);
        AddAll(message.Bcc, Bcc);
        AddAll(message.ReplyTo, ReplyTo);
        message.Priority = EngineEnum.Parse<MessagePriority>(Priority);
        if (Header is not null)
        {
            foreach (DictionaryEntry entry in Header)
            {
                message.Headers[LanguagePrimitives.ConvertTo<string>(entry.Key)] = LanguagePrimitives.ConvertTo<string>(entry.Value) ?? string.Empty;
            }
        }

        foreach (string path in Attachment ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                continue;
            }

            foreach (string resolved in ResolveAttachment(path))
            {
                message.Attachments.Add(resolved);
            }
        }

        if (DkimKeyPath is not null)
        {
            message.Dkim = new DkimSigningOptions(SessionState.Path.GetUnresolvedProviderPathFromPSPath(DkimKeyPath), DkimDomain!, DkimSelector!);
        }

        return message;
    }

    private System.Collections.ObjectModel.Collection<string> ResolveAttachment(string path)
    {
        System.Collections.ObjectModel.Collection<string> resolved;
        try
        {
            resolved = GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFile, FailureKind.InvalidArgument,
                    $"The attachment '{path}' is not a file-system path; the message was not sent.", path);
            }
        }
        catch (ItemNotFoundException ex)
        {
            throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFound, FailureKind.ObjectNotFound,
                $"The attachment '{path}' does not exist; the message was not sent.", path, ex);
        }

        if (resolved.Count == 0)
        {
            throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFound, FailureKind.ObjectNotFound,
                $"The attachment '{path}' matches no file; the message was not sent.", path);
        }

        return resolved;
    }

    private static void AddAll(IList<string> list, string[]? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (string value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                list.Add(value);
            }
        }
    }

    private sealed class WorkItem
    {
        public WorkItem(SmtpProfile profile, OutgoingMessage message, string target)
        {
            Profile = profile;
            Message = message;
            Target = target;
        }

        public SmtpProfile Profile { get; }

        public OutgoingMessage Message { get; }

        public string Target { get; }
    }
}
