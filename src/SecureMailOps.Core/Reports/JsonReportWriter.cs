using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// The stable machine format (policies/schema/report.schema.json): findings are written as they
/// arrive, the summary after them, so nothing is held. A later run reads it as its baseline.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    /// <summary>Where the schema is published beside the module.</summary>
    public const string SchemaUri = "https://securemailops.invalid/schema/report.schema.json";

    private readonly AtomicFile _file;
    private readonly Utf8JsonWriter _json;

    public JsonReportWriter(ReportTarget target)
    {
        Target = target;
        _file = new AtomicFile(target.Path);
        _json = new Utf8JsonWriter(_file.Stream, ReportJson.WriterOptions);
        _json.WriteStartObject();
        _json.WriteString("$schema", SchemaUri);
        _json.WriteString("kind", ReportJson.Kind);
        _json.WriteString("schemaVersion", ReportJson.SchemaVersion);
        _json.WriteStartArray("findings");
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(PolicyFinding finding, DriftStatus drift)
    {
        _json.WriteStartObject();
        _json.WriteString("ruleId", finding.RuleId);
        _json.WriteString("title", finding.Title);
        _json.WriteString("policy", finding.PolicyName);
        _json.WriteString("severity", finding.Severity.ToString());
        _json.WriteStartArray("practices");
        foreach (int practice in finding.Practices)
        {
            _json.WriteNumberValue(practice);
        }

        _json.WriteEndArray();
        _json.WriteString("targetKind", finding.TargetKind.ToString());
        _json.WriteString("target", finding.TargetName);
        SourceLocation location = SourceLocation.Parse(finding.TargetSource);
        if (location.File is not null)
        {
            _json.WriteString("file", location.File);
            if (location.Line > 0)
            {
                _json.WriteNumber("line", location.Line);
            }
        }

        _json.WriteString("outcome", finding.Outcome.ToString());
        if (finding.Outcome != FindingOutcome.Pass)
        {
            _json.WriteString("reason", finding.Reason);
        }

        if (drift != DriftStatus.None)
        {
            _json.WriteString("drift", drift.ToString());
        }

        if (finding.Waiver is not null)
        {
            _json.WriteStartObject("waiver");
            _json.WriteString("reason", finding.Waiver.Reason);
            _json.WriteString("expires", finding.Waiver.Expires);
            _json.WriteBoolean("expired", finding.Outcome != FindingOutcome.Waived);
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
        JsonSerializer.Serialize(_json, summary, ReportJson.Options);
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
