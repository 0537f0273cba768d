using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// The mail Send-SecurityReport sends: the summary as the body (an HTML part with the summary
/// tables, no script and no chart, since mail clients drop both, and a plain-text part), the report
/// files attached. The summary comes from the caller or from a JSON report among the files.
/// </summary>
public static class ReportMail
{
    /// <summary>Reads the summary of a JSON report (the findings are skipped as they are read, not kept).</summary>
    /// <param name="path">The JSON report.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="SecureMailOpsException">The file is not a JSON report.</exception>
    public static SecurityReportSummary ReadSummary(string path)
    {
        try
        {
            using var stream = new FileStream(path ?? throw new ArgumentNullException(nameof(path)), FileMode.Open, FileAccess.Read, FileShare.Read, 65536);
            SummaryOnly? head = JsonSerializer.Deserialize<SummaryOnly>(stream, ReportJson.Options);
            return head?.Summary ?? throw new SecureMailOpsException(ReportErrorIds.SummaryMissing, FailureKind.InvalidData, "The JSON report '" + path + "' has no summary.", path);
        }
        catch (JsonException ex)
        {
            throw new SecureMailOpsException(ReportErrorIds.BaselineInvalid, FailureKind.InvalidData, "The file '" + path + "' is not a JSON report: " + ex.Message, path, ex);
        }
        catch (IOException ex)
        {
            throw new SecureMailOpsException(ReportErrorIds.ReportNotFound, FailureKind.ReadError, "The report '" + path + "' cannot be read: " + ex.Message, path, ex);
        }
    }

    /// <summary>Builds the message.</summary>
    /// <param name="summary">The summary for the body.</param>
    /// <param name="from">The sender.</param>
    /// <param name="to">The recipients.</param>
    /// <param name="subject">The subject, or null for one made from the title and the counts.</param>
    /// <param name="attachments">The report files to attach.</param>
    /// <returns>The message.</returns>
    public static OutgoingMessage Build(SecurityReportSummary summary, string from, IEnumerable<string> to, string? subject, IEnumerable<string> attachments)
    {
        if (summary is null)
        {
            throw new ArgumentNullException(nameof(summary));
        }

        var message = new OutgoingMessage
        {
            From = from ?? throw new ArgumentNullException(nameof(from)),
            Subject = subject ?? DefaultSubject(summary),
            TextBody = Text(summary),
            HtmlBody = Html(summary),
        };
        foreach (string recipient in to ?? throw new ArgumentNullException(nameof(to)))
        {
            message.To.Add(recipient);
        }

        foreach (string file in attachments ?? throw new ArgumentNullException(nameof(attachments)))
        {
            message.Attachments.Add(file);
        }

        return message;
    }

    /// <summary>The subject when none is given: the title and the failures.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The subject.</returns>
    public static string DefaultSubject(SecurityReportSummary summary) =>
        string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} failing of {2:N0} findings", (summary ?? throw new ArgumentNullException(nameof(summary))).Title, summary.Counts.Failing, summary.Counts.Total);

    /// <summary>Renders the summary as plain text.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The text.</returns>
    public static string Text(SecurityReportSummary summary)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        text.WriteLine(summary.Title);
        text.WriteLine(new string('=', Math.Min(summary.Title.Length, 78)));
        text.WriteLine(string.Format(CultureInfo.InvariantCulture, "Generated {0:yyyy-MM-dd HH:mm} UTC{1} by {2} {3}.", summary.GeneratedAt.UtcDateTime,
            summary.AsOf is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, ", evaluated as of {0:yyyy-MM-dd HH:mm} UTC", summary.AsOf.Value.UtcDateTime), summary.ToolName, summary.ToolVersion));
        text.WriteLine();
        text.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N0} findings over {1:N0} records: {2}.", summary.Counts.Total, summary.Targets.Count, summary.Counts));
        text.WriteLine();
        text.WriteLine("By severity (fail / error / waived / pass / not applicable):");
        foreach (SeveritySummary s in summary.BySeverity)
        {
            text.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-9} {1,7:N0} {2,7:N0} {3,7:N0} {4,7:N0} {5,7:N0}", s.Severity, s.Counts.Fail, s.Counts.Error, s.Counts.Waived, s.Counts.Pass, s.Counts.NotApplicable));
        }

        if (summary.Drift is DriftSummary drift)
        {
            text.WriteLine();
            text.WriteLine("Since the baseline: " + drift + ".");
        }

        text.WriteLine();
        text.WriteLine("Failures by practice:");
        foreach (PracticeSummary p in summary.ByPractice.Where(p => p.Counts.Failing > 0))
        {
            text.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,2}. {1}: {2:N0}", p.Number, p.Title, p.Counts.Failing));
        }

        foreach (WaiverSummary w in summary.ExpiredWaivers)
        {
            text.WriteLine(string.Format(CultureInfo.InvariantCulture, "Expired waiver: {0} on {1} (expired {2:yyyy-MM-dd}): {3}", w.RuleId, w.Target, w.Expires, w.Reason));
        }

        foreach (string note in summary.Notes)
        {
            text.WriteLine("Note: " + note);
        }

        text.WriteLine();
        text.WriteLine("The full reports are attached.");
        return text.ToString();
    }

    /// <summary>Renders the summary as an HTML part (encoded like the HTML report, no script, no chart).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The HTML.</returns>
    public static string Html(SecurityReportSummary summary)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var html = new HtmlWriter(text);
        html.Trusted("<!DOCTYPE html>\n");
        html.Open("html", "lang", "en").Open("head").Open("meta", "charset", "utf-8").Element("title", summary.Title);
        html.Open("style").Trusted(HtmlAssets.Css).Close("style").Close("head").Open("body");
        HtmlSummary.WriteHeader(html, summary);
        HtmlSummary.WriteSections(html, summary, chart: false);
        html.Element("p", "The full reports are attached.");
        html.Close("body").Close("html").Line();
        return text.ToString();
    }

    private sealed class SummaryOnly
    {
        public SecurityReportSummary? Summary { get; set; }
    }
}
