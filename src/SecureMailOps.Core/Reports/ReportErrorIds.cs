namespace SecureMailOps.Core.Reports;

/// <summary>
/// The stable error identifiers of reports, CI annotations and the Pester container. Scripts and
/// tests match on them, so a published id never changes meaning.
/// </summary>
public static class ReportErrorIds
{
    /// <summary>A report file could not be written (folder missing, no permission, disk full).</summary>
    public const string WriteFailed = "ReportWriteFailed";

    /// <summary>Two formats asked for would be written to the same file.</summary>
    public const string DuplicatePath = "ReportDuplicatePath";

    /// <summary>The baseline file does not exist.</summary>
    public const string BaselineNotFound = "ReportBaselineNotFound";

    /// <summary>The baseline file is not a JSON report this version reads.</summary>
    public const string BaselineInvalid = "ReportBaselineInvalid";
}
