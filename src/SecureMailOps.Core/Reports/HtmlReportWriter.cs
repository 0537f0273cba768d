using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// One self-contained HTML page: summary, chart (inline SVG), rules and remediation, waivers, and the
/// findings table, which a small script pages and filters from JSON data embedded in the page (so
/// 100k findings do not become 100k DOM rows). With scripting off, the summary and the first failing
/// findings still read as plain tables. Nothing is fetched: a Content-Security-Policy forbids it.
/// Rows are spooled to temporary files while streaming, since the summary goes before them.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    private readonly ReportOptions _options;
    private readonly AtomicFile _file;
    private readonly FileStream _rows;
    private readonly Utf8JsonWriter _rowJson;
    private readonly SpoolFile _static;
    private readonly HtmlWriter _staticHtml;
    private readonly Dictionary<PolicyRule, int> _ruleIndex = new();
    private readonly List<PolicyRule> _rules = new();
    private PolicyRule? _lastRule;
    private int _lastIndex;
    private long _listed;
    private long _staticRows;
    private long _failing;

    public HtmlReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _options = options;
        _file = new AtomicFile(target.Path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(target.Path)) ?? ".";
        try
        {
            _rows = new FileStream(Path.Combine(folder, "." + Path.GetFileName(target.Path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".rows"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _file.Dispose();
            throw AtomicFile.WriteFailed(target.Path, ex);
        }

        _rowJson = new Utf8JsonWriter(_rows, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        _rowJson.WriteStartArray();
        _static = new SpoolFile(target.Path);
        _staticHtml = new HtmlWriter(_static.Writer);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(PolicyFinding finding, DriftStatus drift)
    {
        FindingOutcome outcome = finding.Outcome;
        bool failing = outcome is FindingOutcome.Fail or FindingOutcome.Error;
        if (!_options.IncludePass && outcome is FindingOutcome.Pass or FindingOutcome.NotApplicable)
        {
            return;
        }

        PolicyRule rule = finding.Rule;
        if (!ReferenceEquals(rule, _lastRule))
        {
            if (!_ruleIndex.TryGetValue(rule, out _lastIndex))
            {
                _lastIndex = _rules.Count;
                _ruleIndex.Add(rule, _lastIndex);
                _rules.Add(rule);
            }

            _lastRule = rule;
        }

        string reason = outcome == FindingOutcome.Pass ? string.Empty : finding.Reason;
        string driftText = drift == DriftStatus.None ? string.Empty : drift.ToString();
        _rowJson.WriteStartArray();
        _rowJson.WriteNumberValue(_lastIndex);
        _rowJson.WriteStringValue(outcome.ToString());
        _rowJson.WriteStringValue(finding.TargetKind.ToString());
        _rowJson.WriteStringValue(finding.TargetName);
        _rowJson.WriteStringValue(finding.TargetSource ?? string.Empty);
        _rowJson.WriteStringValue(reason);
        _rowJson.WriteStringValue(driftText);
        _rowJson.WriteEndArray();
        ReportJson.FlushWhenFull(_rowJson);

        _listed++;
        if (failing)
        {
            _failing++;
            if (_staticRows < _options.HtmlStaticRowLimit)
            {
                _staticRows++;
                _staticHtml.Open("tr").Element("td", outcome.ToString()).Element("td", finding.Severity.ToString(), "class", "sev-" + finding.Severity)
                    .Element("td", finding.RuleId).Element("td", finding.TargetKind + " " + finding.TargetName).Element("td", reason)
                    .Element("td", finding.TargetSource ?? string.Empty).Element("td", driftText).Close("tr").Line();
            }
        }
    }

    public void Finish(SecurityReportSummary summary)
    {
        _rowJson.WriteEndArray();
        _rowJson.Flush();
        using (var text = new StreamWriter(_file.Stream, AtomicFile.Utf8, 65536, leaveOpen: true) { NewLine = "\n" })
        {
            var html = new HtmlWriter(text);
            html.Trusted("<!DOCTYPE html>\n");
            html.Open("html", "lang", "en").Line().Open("head").Line();
            html.Open("meta", "charset", "utf-8").Line();
            html.Open("meta", "http-equiv", "Content-Security-Policy", "content", HtmlAssets.ContentSecurityPolicy).Line();
            html.Open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").Line();
            html.Open("meta", "name", "generator", "content", summary.ToolName + " " + summary.ToolVersion).Line();
            html.Element("title", summary.Title).Line();
            html.Open("style").Trusted(HtmlAssets.Css).Close("style").Line();
            html.Close("head").Line().Open("body").Line();
            HtmlSummary.WriteHeader(html, summary);
            html.Open("main").Line();
            HtmlSummary.WriteSections(html, summary, chart: true);
            WriteFindings(html, summary, text);
            html.Close("main").Line().Close("body").Line().Close("html").Line();
        }

        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        _rowJson.Dispose();
        _rows.Dispose();
        _static.Dispose();
        _file.Dispose();
    }

    private static void Option(HtmlWriter html, string value, string label, bool selected = false)
    {
        if (selected)
        {
            html.Open("option", "value", value, "selected", "selected");
        }
        else
        {
            html.Open("option", "value", value);
        }

        html.Text(label).Close("option");
    }

    private void WriteFindings(HtmlWriter html, SecurityReportSummary summary, StreamWriter text)
    {
        html.Open("section", "id", "findings", "aria-labelledby", "findings-h").Element("h2", "Findings", "id", "findings-h");
        string scope = _options.IncludePass ? "Every finding is listed." : "Failures, errors and waived failures are listed; passes and not-applicable findings are counted above only.";
        html.Element("p", string.Format(CultureInfo.InvariantCulture, "{0:N0} findings listed. {1}", _listed, scope), "class", "meta", "id", "findings-listed", "data-listed", _listed.ToString(CultureInfo.InvariantCulture));

        html.Open("form", "class", "controls", "id", "controls", "hidden", "hidden", "role", "search", "aria-label", "Filter findings").Line();
        html.Open("label").Text("Outcome").Open("select", "id", "f-outcome");
        Option(html, "failing", "Fail and Error", selected: true);
        Option(html, "all", "All listed");
        foreach (string outcome in new[] { "Fail", "Error", "Waived", "Pass", "NotApplicable" })
        {
            Option(html, outcome, outcome);
        }

        html.Close("select").Close("label");
        html.Open("label").Text("Severity").Open("select", "id", "f-severity");
        Option(html, "all", "All", selected: true);
        foreach (SeveritySummary s in summary.BySeverity)
        {
            Option(html, s.Severity.ToString(), s.Severity.ToString());
        }

        html.Close("select").Close("label");
        html.Open("label").Text("Drift").Open("select", "id", "f-drift");
        Option(html, "all", "All", selected: true);
        foreach (string drift in new[] { "New", "Fixed", "StillFailing", "Unchanged" })
        {
            Option(html, drift, drift);
        }

        html.Close("select").Close("label");
        html.Open("label").Text("Search rule, target, reason or file").Open("input", "id", "f-query", "type", "search", "autocomplete", "off").Close("label");
        html.Close("form").Line();

        html.Element("p", string.Empty, "id", "findings-status", "role", "status", "aria-live", "polite");
        html.Open("table", "id", "findings-table").Open("thead").Open("tr");
        foreach (string head in new[] { "Outcome", "Severity", "Rule", "Target", "Reason", "Source", "Drift" })
        {
            html.Element("th", head, "scope", "col");
        }

        html.Close("tr").Close("thead").Open("tbody", "id", "findings-body").Close("tbody").Close("table").Line();
        html.Open("p", "id", "pager", "hidden", "hidden").Element("button", "Previous page", "type", "button", "id", "page-prev").Text(" ").Element("button", "Next page", "type", "button", "id", "page-next").Close("p").Line();

        html.Open("noscript").Line();
        html.Element("p", string.Format(CultureInfo.InvariantCulture, "Scripting is off: the first {0:N0} of {1:N0} failing findings are listed below; the tables above count every finding.", _staticRows, _failing), "id", "static-note");
        html.Open("table", "id", "static-findings").Open("thead").Open("tr");
        foreach (string head in new[] { "Outcome", "Severity", "Rule", "Target", "Reason", "Source", "Drift" })
        {
            html.Element("th", head, "scope", "col");
        }

        html.Close("tr").Close("thead").Open("tbody").Line();
        text.Flush();
        _static.CopyTo(text);
        html.Close("tbody").Close("table").Line().Close("noscript").Line();

        // JSON data: the encoder escapes <, > and & inside strings, so no value can end the script element.
        html.Open("script", "type", "application/json", "id", "smo-rules");
        text.Flush();
        using (var rules = new Utf8JsonWriter(text.BaseStream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }))
        {
            rules.WriteStartArray();
            foreach (PolicyRule rule in _rules)
            {
                rules.WriteStartObject();
                rules.WriteString("id", rule.Id);
                rules.WriteString("title", rule.Title);
                rules.WriteString("severity", rule.Severity.ToString());
                rules.WriteEndObject();
            }

            rules.WriteEndArray();
        }

        html.Close("script").Line();
        html.Open("script", "type", "application/json", "id", "smo-rows");
        text.Flush();
        _rows.Position = 0;
        _rows.CopyTo(text.BaseStream);
        html.Close("script").Line();
        html.Open("script").Trusted(HtmlAssets.Script).Close("script").Line();
        html.Close("section").Line();
    }
}
