using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// The stable machine format (policies/schema/report.schema.json): findings are written as they
/// arrive, the summary after them, so nothing is held. A later run reads it as its baseline. Failures,
/// errors and waived findings are listed; passes and not-applicable findings only with IncludePass
/// (listsPasses says which), and the summary counts them all either way.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    /// <summary>Where the schema is published beside the module.</summary>
    public const string SchemaUri = "https://securemailops.invalid/schema/report.schema.json";

    // Property names escaped once, not once per finding.
    private static readonly JsonEncodedText RuleIdName = JsonEncodedText.Encode("ruleId");
    private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText PolicyName = JsonEncodedText.Encode("policy");
    private static readonly JsonEncodedText SeverityName = JsonEncodedText.Encode("severity");
    private static readonly JsonEncodedText PracticesName = JsonEncodedText.Encode("practices");
    private static readonly JsonEncodedText TargetKindName = JsonEncodedText.Encode("targetKind");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText OutcomeName = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText DriftName = JsonEncodedText.Encode("drift");

    private readonly bool _includePass;
    private readonly AtomicFile _file;
    private readonly Utf8JsonWriter _json;

    public JsonReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _includePass = options.IncludePass;
        _file = new AtomicFile(target.Path);
        _json = new Utf8JsonWriter(_file.Stream, ReportJson.WriterOptions);
        _json.WriteStartObject();
        _json.WriteString("$schema", SchemaUri);
        _json.WriteString("kind", ReportJson.Kind);
        _json.WriteString("schemaVersion", ReportJson.SchemaVersion);
        _json.WriteBoolean("listsPasses", _includePass);
        _json.WriteStartArray("findings");
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        // Problems only unless asked: a baseline needs only the failing findings, and passes are counted in the summary.
        if (!item.IsListed(_includePass))
        {
            return;
        }

        PolicyFinding finding = item.Finding;
        ReportRule rule = item.Rule;
        _json.WriteStartObject();
        _json.WriteString(RuleIdName, rule.JsonId);
        _json.WriteString(TitleName, rule.JsonTitle);
        _json.WriteString(PolicyName, rule.JsonPolicy);
        _json.WriteString(SeverityName, rule.JsonSeverity);
        _json.WriteStartArray(PracticesName);
        foreach (int practice in rule.Rule.Practices)
        {
            _json.WriteNumberValue(practice);
        }

        _json.WriteEndArray();
        _json.WriteString(TargetKindName, Names.Kind(finding.TargetKind));
        _json.WriteString(TargetName, finding.TargetName);
        if (item.File is not null)
        {
            _json.WriteString(FileName, item.File);
            if (item.Line > 0)
            {
                _json.WriteNumber(LineName, item.Line);
            }
        }

        _json.WriteString(OutcomeName, Names.Outcome(item.Outcome));
        if (item.Outcome != FindingOutcome.Pass)
        {
            _json.WriteString(ReasonName, finding.Reason);
        }

        if (item.Drift != DriftStatus.None)
        {
            _json.WriteString(DriftName, item.Drift.ToString());
        }

        if (finding.Waiver is not null)
        {
            _json.WriteStartObject("waiver");
            _json.WriteString("reason", finding.Waiver.Reason);
            _json.WriteString("expires", finding.Waiver.Expires);
            _json.WriteBoolean("expired", item.Outcome != FindingOutcome.Waived);
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        ReportJson.FlushWhenFull(_json);
    }

    public void Finish(SecurityReportSummary summary)
    {
        _json.WriteEndArray();
        _json.WriteString("generatedAt", summary.GeneratedAt.ToString("o", CultureInfo.InvariantCulture));
        _json.WritePropertyName("summary");
        JsonSerializer.Serialize(_json, summary, TargetSummaryJsonWriter.Options);
        _json.WriteEndObject();
        _json.Dispose();
        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        _json.Dispose();
        _file.Dispose();
    }
}
