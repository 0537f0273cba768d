using System;
using System.IO;
using System.Management.Automation;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Emails a one-time code over a secure SMTP profile and returns the challenge id to confirm it
/// against; never the code. Many recipients from the pipeline share one connection.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "OtpChallenge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = StoreParameters.PathSet)]
[OutputType(typeof(IssuedChallenge))]
public sealed class SendOtpChallengeCommand : AsyncSecureMailOpsCmdlet, IDynamicParameters
{
    private readonly ChallengeStoreParameters _storeParameters = new();
    private ChallengeService? _service;
    private ChallengeTemplate? _template;
    private ChallengeOptions? _options;
    private SmtpChallengeMailer? _mailer;
    private string? _from;

    /// <summary>Gets or sets the address to send the code to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Recipient", "Email")]
    [ValidateNotNullOrEmpty]
    public string To { get; set; } = null!;

    /// <summary>Gets or sets the SMTP profile (from New-SmtpProfile) to send through.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public SmtpProfile Profile { get; set; } = null!;

    /// <summary>Gets or sets the sender address; defaults to the profile's user name when it is an address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    /// <summary>Gets or sets what the code is for (one line of printable text, at most 64 characters); it is accepted only for this purpose.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateLength(1, ChallengeService.MaximumPurposeLength)]
    public string Purpose { get; set; } = "verification";

    /// <summary>Gets or sets the number of digits (7 to 10; 7 is the fewest with 20 bits of entropy).</summary>
    [Parameter]
    [ValidateRange(ChallengeOptions.MinimumDigits, ChallengeOptions.MaximumDigits)]
    public int Digits { get; set; } = 8;

    /// <summary>Gets or sets how long the code is valid (at most 10 minutes).</summary>
    [Parameter]
    public TimeSpan ValidFor { get; set; } = ChallengeOptions.MaximumValidity;

    /// <summary>Gets or sets a template file that replaces the built-in mail.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    /// <summary>Gets or sets how many wrong codes burn the challenge.</summary>
    [Parameter]
    [ValidateRange(1, 10)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets how many codes one recipient may get per window.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int RecipientLimit { get; set; } = 5;

    /// <summary>Gets or sets the window for the recipient limit.</summary>
    [Parameter]
    public TimeSpan RecipientWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how many codes the store may issue per -GlobalWindow across all recipients.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int GlobalLimit { get; set; }

    /// <summary>Gets or sets the window for the global limit.</summary>
    [Parameter]
    public TimeSpan GlobalWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="ChallengeStoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            _options = new ChallengeOptions
            {
                Digits = Digits,
                ValidFor = ValidFor,
                MaxAttempts = MaxAttempts,
                RecipientLimit = RecipientLimit,
                RecipientWindow = RecipientWindow,
                GlobalLimit = MyInvocation.BoundParameters.ContainsKey(nameof(GlobalLimit)) ? GlobalLimit : null,
                GlobalWindow = GlobalWindow,
            };

            // Checked once here so a bad option stops the command before anything is sent.
            _options.Validate();

            _from = From ?? (Profile.UserName is { } user && user.IndexOf('@') > 0 ? user : null);
            if (_from is null)
            {
                throw new SecureMailOpsException(ChallengeErrorIds.FromMissing, FailureKind.InvalidArgument, "Give -From: the profile's user name is not a mail address to send from.");
            }

            _template = Template is null ? ChallengeTemplate.Default : LoadTemplate(Template);
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(To, $"Send a one-time code for '{Purpose}' through {Profile.Server}:{Profile.Port}"))
        {
            return;
        }

        try
        {
            // Opened after ShouldProcess: a -WhatIf run must not create or migrate a store file.
            _service ??= _storeParameters.OpenChallengeService(this);
            if (_mailer is null)
            {
                _mailer = new SmtpChallengeMailer(Profile, _from!);
                _mailer.Log = message => Post(() => WriteVerbose(message));
            }

            IssuedChallenge issued = Await(_service!.IssueAsync(To, Purpose, _options!, _template!, _mailer, CancelToken));
            WriteVerbose($"Sent challenge {issued.ChallengeId} to {issued.Recipient}; it expires at {issued.ExpiresAt:u}.");
            WriteObject(issued);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, To);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_mailer is not null)
        {
            try
            {
                Await(_mailer.DisconnectAsync(CancelToken));
            }
            catch (SecureMailOpsException ex)
            {
                // Every code was already sent or reported; a failed QUIT changes nothing for the caller.
                WriteVerbose($"Closing the SMTP connection failed: {ex.Message}");
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _mailer?.Dispose();
        }

        base.Dispose(disposing);
    }

    private ChallengeTemplate LoadTemplate(string path)
    {
        string full = GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(full))
        {
            throw new SecureMailOpsException(ChallengeErrorIds.TemplateNotFound, FailureKind.ObjectNotFound, $"The template file '{full}' does not exist.", full);
        }

        return ChallengeTemplate.Parse(File.ReadAllText(full), full);
    }
}
