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
    // The page renders this many rows at a time (the script's page size); the first page of the default
    // view (Fail and Error) is written apart, so it shows before the page parses every row.
    private const int FirstPageRows = 50;

    // Files and reasons repeat across rows: each row names them by their index in a table, up to these
    // many distinct ones (so memory stays bounded), and as text beyond.
    private const int FileTableLimit = 4096;
    private const int ReasonTableLimit = 16384;

    private readonly ReportOptions _options;
    private readonly AtomicFile _file;
    private readonly FileStream _rows;
    private readonly Utf8JsonWriter _rowJson;
    private readonly SpoolFile _static;
    private readonly HtmlWriter _staticHtml;
    private readonly MemoryStream _first = new();
    private readonly Utf8JsonWriter _firstJson;
    private readonly Dictionary<string, int> _fileIndex = new(StringComparer.Ordinal);
    private readonly List<string> _files = new();
    private readonly Dictionary<string, int> _reasonIndex = new(StringComparer.Ordinal);
    private readonly List<string> _reasons = new();
    private readonly Dictionary<PolicyRule, int> _ruleIndex = new();
    private readonly List<PolicyRule> _rules = new();
    private string? _lastSource;
    private object _lastFileRef = -1;
    private int _lastLine;
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
        _firstJson = new Utf8JsonWriter(_first, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        _firstJson.WriteStartArray();
        _static = new SpoolFile(target.Path);
        _staticHtml = new HtmlWriter(_static.Writer);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        PolicyFinding finding = item.Finding;
        FindingOutcome outcome = item.Outcome;
        bool failing = item.Failing;
        if (!item.IsListed(_options.IncludePass))
        {
            return;
        }

        PolicyRule rule = item.Rule.Rule;
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

        string reason = item.Reason;
        WriteRow(_rowJson, item, reason);
        ReportJson.FlushWhenFull(_rowJson);

        _listed++;
        if (failing)
        {
            if (_failing < FirstPageRows)
            {
                WriteRow(_firstJson, item, reason);
            }

            _failing++;
            if (_staticRows < _options.HtmlStaticRowLimit)
            {
                _staticRows++;
                string driftText = item.Drift == DriftStatus.None ? string.Empty : item.Drift.ToString();
                _staticHtml.Open("tr").Element("td", Names.Outcome(outcome)).Element("td", item.Rule.SeverityText, "class", "sev-" + item.Rule.SeverityText)
                    .Element("td", rule.Id).Element("td", Names.Kind(finding.TargetKind) + " " + finding.TargetName).Element("td", reason)
                    .Element("td", item.Source ?? string.Empty).Element("td", driftText).Close("tr").Line();
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
        _firstJson.Dispose();
        _first.Dispose();
        _rowJson.Dispose();
        _rows.Dispose();
        _static.Dispose();
        _file.Dispose();
    }

    private static void WriteNames(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static int Intern(Dictionary<string, int> index, List<string> table, int limit, string value)
    {
        if (index.TryGetValue(value, out int at))
        {
            return at;
        }

        if (table.Count >= limit)
        {
            return -1;
        }

        index.Add(value, table.Count);
        table.Add(value);
        return table.Count - 1;
    }

    // A row: [rule, outcome, kind, target, file, line, reason, drift]: rule, outcome, kind and drift as
    // indexes into the page's tables; file and reason as an index into theirs, or as text past its limit;
    // file -1 for none. The script puts "file:line" back together, so the page shows the source as given.
    private void WriteRow(Utf8JsonWriter json, ReportItem item, string reason)
    {
        if (!ReferenceEquals(item.Source, _lastSource))
        {
            _lastSource = item.Source;
            SplitSource(item.Source);
        }

        json.WriteStartArray();
        json.WriteNumberValue(_lastIndex);
        json.WriteNumberValue((int)item.Outcome);
        json.WriteNumberValue((int)item.Finding.TargetKind);
        json.WriteStringValue(item.Finding.TargetName);
        if (_lastFileRef is int fileIndex)
        {
            json.WriteNumberValue(fileIndex);
        }
        else
        {
            json.WriteStringValue((string)_lastFileRef);
        }

        json.WriteNumberValue(_lastLine);
        int reasonIndex = Intern(_reasonIndex, _reasons, ReasonTableLimit, reason);
        if (reasonIndex >= 0)
        {
            json.WriteNumberValue(reasonIndex);
        }
        else
        {
            json.WriteStringValue(reason);
        }

        json.WriteNumberValue((int)item.Drift);
        json.WriteEndArray();
    }

    private void SplitSource(string? source)
    {
        _lastLine = 0;
        if (source is null)
        {
            _lastFileRef = -1;
            return;
        }

        string file = source;
        int colon = source.LastIndexOf(':');
        if (colon > 0 && colon < source.Length - 1 && int.TryParse(source.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line) && line > 0
            && line.ToString(CultureInfo.InvariantCulture).Length == source.Length - colon - 1)
        {
            file = source.Substring(0, colon);
            _lastLine = line;
        }

        int index = Intern(_fileIndex, _files, FileTableLimit, file);
        _lastFileRef = index >= 0 ? index : file;
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
        string scope = _options.IncludePass ? "Every finding is listed." : "Failures, errors, waived failures and findings fixed since the baseline are listed; passes and not-applicable findings are counted above only.";
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
        html.Open("script", "type", "application/json", "id", "smo-meta");
        text.Flush();
        using (var meta = new Utf8JsonWriter(text.BaseStream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }))
        {
            meta.WriteStartObject();
            meta.WriteStartArray("rules");
            foreach (PolicyRule rule in _rules)
            {
                meta.WriteStartObject();
                meta.WriteString("id", rule.Id);
                meta.WriteString("title", rule.Title);
                meta.WriteString("severity", rule.Severity.ToString());
                meta.WriteEndObject();
            }

            meta.WriteEndArray();
            WriteNames(meta, "outcomes", Enum.GetNames(typeof(FindingOutcome)));
            WriteNames(meta, "kinds", Enum.GetNames(typeof(TargetKind)));
            string[] drifts = Enum.GetNames(typeof(DriftStatus));
            drifts[(int)DriftStatus.None] = string.Empty;
            WriteNames(meta, "drifts", drifts);
            WriteNames(meta, "files", _files);
            WriteNames(meta, "reasons", _reasons);
            meta.WriteNumber("failing", _failing);
            meta.WritePropertyName("first");
            _firstJson.WriteEndArray();
            _firstJson.Flush();
            meta.WriteRawValue(_first.ToArray(), skipInputValidation: true);
            meta.WriteEndObject();
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
