namespace SecureMailOps.Core.Reports;

/// <summary>
/// The stable error identifiers of reports, CI annotations and the Pester container. Scripts and
/// tests match on them, so a published id never changes meaning.
/// </summary>
public static class ReportErrorIds
{
    /// <summary>A report file could not be written (folder missing, no permission, disk full).</summary>
    public const string WriteFailed = "ReportWriteFailed";

    /// <summary>A report path's extension names no format and -Format was not given.</summary>
    public const string UnknownFormat = "ReportUnknownFormat";

    /// <summary>Two formats asked for would be written to the same file.</summary>
    public const string DuplicatePath = "ReportDuplicatePath";

    /// <summary>The baseline file does not exist.</summary>
    public const string BaselineNotFound = "ReportBaselineNotFound";

    /// <summary>The baseline file is not a JSON report this version reads.</summary>
    public const string BaselineInvalid = "ReportBaselineInvalid";

    /// <summary>A report file given to Send-SecurityReport does not exist.</summary>
    public const string ReportNotFound = "ReportFileNotFound";

    /// <summary>Send-SecurityReport found no summary: no -Summary and no JSON report among -Path.</summary>
    public const string SummaryMissing = "ReportSummaryMissing";

    /// <summary>Pester 5 or later is not loaded (New-SecurityPolicyTestContainer needs it).</summary>
    public const string PesterMissing = "ReportPesterMissing";
}
