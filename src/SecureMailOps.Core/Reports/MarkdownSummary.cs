using System.Globalization;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>Renders a summary's tables as GitHub-flavoured Markdown (the job summary's top half).</summary>
internal static class MarkdownSummary
{
    public static void Write(TextWriter md, SecurityReportSummary summary)
    {
        md.WriteLine("# " + MarkdownText.Inline(summary.Title));
        md.WriteLine();
        md.Write(string.Format(CultureInfo.InvariantCulture, "Generated {0:yyyy-MM-dd HH:mm} UTC", summary.GeneratedAt.UtcDateTime));
        if (summary.AsOf is not null)
        {
            md.Write(string.Format(CultureInfo.InvariantCulture, ", evaluated as of {0:yyyy-MM-dd HH:mm} UTC", summary.AsOf.Value.UtcDateTime));
        }

        md.WriteLine(" by " + MarkdownText.Inline(summary.ToolName + " " + summary.ToolVersion) + ".");
        md.WriteLine();
        OutcomeCounts c = summary.Counts;
        md.WriteLine(string.Format(CultureInfo.InvariantCulture, "**{0:N0} findings** over {1:N0} records: {2:N0} failed, {3:N0} errors, {4:N0} waived, {5:N0} passed, {6:N0} not applicable.", c.Total, summary.Targets.Count, c.Fail, c.Error, c.Waived, c.Pass, c.NotApplicable));
        md.WriteLine();

        md.WriteLine("## By severity");
        md.WriteLine();
        md.WriteLine("| Severity | Fail | Error | Waived | Pass | Not applicable |");
        md.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (SeveritySummary s in summary.BySeverity)
        {
            md.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:N0} | {5:N0} |", s.Severity, s.Counts.Fail, s.Counts.Error, s.Counts.Waived, s.Counts.Pass, s.Counts.NotApplicable));
        }

        md.WriteLine();
        if (summary.Drift is DriftSummary drift)
        {
            md.WriteLine("## Since the baseline");
            md.WriteLine();
            md.WriteLine("| New | Fixed | Still failing | Unchanged |");
            md.WriteLine("| ---: | ---: | ---: | ---: |");
            md.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:N0} | {2:N0} | {3:N0} |", drift.New, drift.Fixed, drift.StillFailing, drift.Unchanged));
            md.WriteLine();
        }

        md.WriteLine("## By practice");
        md.WriteLine();
        md.WriteLine("| # | Practice | Fail | Error | Waived | Pass |");
        md.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (PracticeSummary p in summary.ByPractice)
        {
            md.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:N0} | {3:N0} | {4:N0} | {5:N0} |", p.Number, MarkdownText.Inline(p.Title), p.Counts.Fail, p.Counts.Error, p.Counts.Waived, p.Counts.Pass));
        }

        md.WriteLine();
        if (summary.Waivers.Count > 0)
        {
            md.WriteLine("## Waivers");
            md.WriteLine();
            md.WriteLine("| Rule | Target | Reason | Expires | State | Findings |");
            md.WriteLine("| --- | --- | --- | --- | --- | ---: |");
            foreach (WaiverSummary w in summary.Waivers)
            {
                md.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2} | {3:yyyy-MM-dd} | {4} | {5:N0} |", MarkdownText.Inline(w.RuleId), MarkdownText.Inline(w.Target), MarkdownText.Inline(w.Reason), w.Expires, w.Expired ? "**expired**" : "current", w.Findings));
            }

            md.WriteLine();
        }

        md.WriteLine("## Policies and inventory");
        md.WriteLine();
        md.WriteLine("| Policy | Version | Rules |");
        md.WriteLine("| --- | --- | ---: |");
        foreach (PolicySummary p in summary.Policies)
        {
            md.WriteLine("| " + MarkdownText.Inline(p.Name) + " | " + MarkdownText.Inline(p.Version ?? "-") + " | " + p.RuleCount.ToString(CultureInfo.InvariantCulture) + " |");
        }

        md.WriteLine();
        md.WriteLine("| Inventory | Records | Findings |");
        md.WriteLine("| --- | ---: | ---: |");
        foreach (InventorySourceSummary s in summary.Sources)
        {
            md.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} |", MarkdownText.Inline(s.File), s.Targets, s.Findings));
        }

        md.WriteLine();
        foreach (string note in summary.Notes)
        {
            md.WriteLine("> " + MarkdownText.Inline(note));
            md.WriteLine();
        }
    }

    /// <summary>Formats one failing finding as a table row.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="drift">Its drift status.</param>
    /// <returns>The row.</returns>
    public static string Row(PolicyFinding finding, DriftStatus drift) =>
        "| " + finding.Severity + " | " + finding.Outcome + " | " + MarkdownText.Inline(finding.RuleId) + " | " + MarkdownText.Inline(finding.TargetName)
        + " | " + MarkdownText.Inline(finding.Reason) + " | " + MarkdownText.Inline(finding.TargetSource ?? string.Empty)
        + " | " + (drift == DriftStatus.None ? string.Empty : drift.ToString()) + " |";

    /// <summary>The header of the failing findings' table.</summary>
    public static readonly string[] RowHeader =
    {
        "| Severity | Outcome | Rule | Target | Reason | Source | Drift |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    };

    /// <summary>Whether a finding is listed among the failing ones.</summary>
    /// <param name="outcome">Its outcome.</param>
    /// <returns>True for Fail and Error.</returns>
    public static bool IsListed(FindingOutcome outcome) => outcome is FindingOutcome.Fail or FindingOutcome.Error;

    /// <summary>Counts the UTF-8 bytes of a line with its newline.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The byte count.</returns>
    public static int LineBytes(string line) => AtomicFile.Utf8.GetByteCount(line) + 1;

    /// <summary>Gets the severities from Critical down.</summary>
    public static Severity[] SeveritiesDown { get; } = new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }.ToArray();
}
