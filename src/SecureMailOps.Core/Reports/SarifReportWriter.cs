using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning. Problems only by default (failures and errors as kind fail, waived
/// failures as results with an accepted external suppression); passes as kind pass only when asked.
/// Each result points at the inventory file and line its record came from and carries a fingerprint
/// of rule, kind and target, stable across runs. Results are written as they arrive and the rules
/// after them (JSON property order is free), at most <see cref="ReportOptions.SarifResultLimit"/> of them.
/// </summary>
internal sealed class SarifReportWriter : IReportWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string RootBaseId = "SRCROOT";
    private const string HexDigits = "0123456789abcdef";

    private readonly ReportOptions _options;
    private readonly AtomicFile _file;
    private readonly Utf8JsonWriter _json;
    private readonly Dictionary<PolicyRule, int> _ruleIndex = new();
    private readonly List<PolicyRule> _rules = new();
    private readonly List<string> _notes = new();
    private readonly string? _baseDirectory;
    private readonly Dictionary<string, string> _uris = new(StringComparer.Ordinal);

    // One hash object for every fingerprint: creating one per result (an OpenSSL context on Linux) cost more than
    // the rest of writing the result.
    private readonly SHA256 _sha = SHA256.Create();
    private string? _lastFile;
    private string _lastFullPath = string.Empty;
    private long _written;
    private long _cut;

    public SarifReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _options = options;
        if (options.BaseDirectory is not null)
        {
            string full = Path.GetFullPath(options.BaseDirectory);
            _baseDirectory = full.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? full : full + Path.DirectorySeparatorChar;
        }

        _file = new AtomicFile(target.Path);
        _json = new Utf8JsonWriter(_file.Stream, ReportJson.WriterOptions);
        _json.WriteStartObject();
        _json.WriteString("$schema", SchemaUri);
        _json.WriteString("version", "2.1.0");
        _json.WriteStartArray("runs");
        _json.WriteStartObject();
        _json.WriteStartArray("results");
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => _notes;

    public void Write(ReportItem item)
    {
        PolicyFinding finding = item.Finding;
        DriftStatus drift = item.Drift;
        FindingOutcome outcome = item.Outcome;
        bool problem = outcome is FindingOutcome.Fail or FindingOutcome.Error or FindingOutcome.Waived;
        if (!problem && !_options.IncludePass)
        {
            return;
        }

        if (_written >= _options.SarifResultLimit)
        {
            if (_cut++ == 0)
            {
                _notes.Add(string.Format(CultureInfo.InvariantCulture, "SARIF lists the first {0:N0} results (GitHub's limit per run); the rest are counted in the summary only.", _options.SarifResultLimit));
            }

            return;
        }

        _written++;
        PolicyRule rule = finding.Rule;
        if (!_ruleIndex.TryGetValue(rule, out int index))
        {
            index = _rules.Count;
            _ruleIndex.Add(rule, index);
            _rules.Add(rule);
        }

        _json.WriteStartObject();
        _json.WriteString("ruleId", item.Rule.JsonId);
        _json.WriteNumber("ruleIndex", index);
        switch (outcome)
        {
            case FindingOutcome.Pass:
                _json.WriteString("kind", "pass");
                _json.WriteString("level", "none");
                break;
            case FindingOutcome.NotApplicable:
                _json.WriteString("kind", "notApplicable");
                _json.WriteString("level", "none");
                break;
            default:
                _json.WriteString("kind", "fail");
                _json.WriteString("level", Level(item.Rule.Rule.Severity));
                break;
        }

        _json.WriteStartObject("message");
        string text = Names.Kind(finding.TargetKind) + " " + finding.TargetName + ": " + (outcome == FindingOutcome.Pass ? finding.Title : finding.Reason);
        _json.WriteString("text", outcome == FindingOutcome.Error ? "Cannot evaluate " + text : text);
        _json.WriteEndObject();

        WriteLocation(item);

        _json.WriteStartObject("partialFingerprints");
        _json.WriteString("securemailopsFinding/v1", Fingerprint(item.Rule.FingerprintPrefix, finding));
        _json.WriteEndObject();

        if (outcome == FindingOutcome.Waived && finding.Waiver is not null)
        {
            _json.WriteStartArray("suppressions");
            _json.WriteStartObject();
            _json.WriteString("kind", "external");
            _json.WriteString("status", "accepted");
            _json.WriteString("justification", finding.Waiver.Reason);
            _json.WriteEndObject();
            _json.WriteEndArray();
        }

        _json.WriteStartObject("properties");
        _json.WriteString("outcome", Names.Outcome(outcome));
        _json.WriteString("severity", item.Rule.JsonSeverity);
        _json.WriteString("targetKind", Names.Kind(finding.TargetKind));
        _json.WriteString("target", finding.TargetName);
        if (drift != DriftStatus.None)
        {
            _json.WriteString("drift", drift.ToString());
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        ReportJson.FlushWhenFull(_json);
    }

    public void Finish(SecurityReportSummary summary)
    {
        _json.WriteEndArray();
        _json.WriteStartObject("tool");
        _json.WriteStartObject("driver");
        _json.WriteString("name", summary.ToolName);
        _json.WriteString("semanticVersion", summary.ToolVersion);
        _json.WriteString("informationUri", "https://www.powershellgallery.com/packages/SecureMailOps");
        _json.WriteStartArray("rules");
        foreach (PolicyRule rule in _rules)
        {
            WriteRule(rule);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();

        if (_baseDirectory is not null)
        {
            _json.WriteStartObject("originalUriBaseIds");
            _json.WriteStartObject(RootBaseId);
            _json.WriteString("uri", new Uri(_baseDirectory).AbsoluteUri);
            _json.WriteEndObject();
            _json.WriteEndObject();
        }

        _json.WriteStartArray("invocations");
        _json.WriteStartObject();
        _json.WriteBoolean("executionSuccessful", true);
        if (summary.AsOf is not null)
        {
            _json.WriteString("startTimeUtc", summary.AsOf.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        if (_cut > 0)
        {
            _json.WriteStartArray("toolExecutionNotifications");
            _json.WriteStartObject();
            _json.WriteString("level", "warning");
            _json.WriteStartObject("message");
            _json.WriteString("text", string.Format(CultureInfo.InvariantCulture, "{0:N0} more results were left out: a SARIF run lists at most {1:N0}.", _cut, _options.SarifResultLimit));
            _json.WriteEndObject();
            _json.WriteEndObject();
            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.WriteEndArray();

        _json.WriteStartObject("properties");
        _json.WriteString("title", summary.Title);
        _json.WriteNumber("findings", summary.Counts.Total);
        _json.WriteNumber("pass", summary.Counts.Pass);
        _json.WriteNumber("fail", summary.Counts.Fail);
        _json.WriteNumber("waived", summary.Counts.Waived);
        _json.WriteNumber("notApplicable", summary.Counts.NotApplicable);
        _json.WriteNumber("error", summary.Counts.Error);
        _json.WriteNumber("resultsLeftOut", _cut);
        _json.WriteEndObject();

        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Dispose();
        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        _json.Dispose();
        _file.Dispose();
        _sha.Dispose();
    }

    private string Fingerprint(string rulePrefix, PolicyFinding finding)
    {
        byte[] data = Encoding.UTF8.GetBytes(rulePrefix + Names.Kind(finding.TargetKind) + "\n" + finding.TargetName);
        byte[] hash = _sha.ComputeHash(data);

        char[] text = new char[hash.Length * 2];
        for (int i = 0; i < hash.Length; i++)
        {
            text[2 * i] = HexDigits[hash[i] >> 4];
            text[(2 * i) + 1] = HexDigits[hash[i] & 0xF];
        }

        return new string(text);
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    // GitHub sorts alerts by this 0-10 score (its "security-severity" rule property).
    private static string SecurityScore(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    private void WriteRule(PolicyRule rule)
    {
        _json.WriteStartObject();
        _json.WriteString("id", rule.Id);
        _json.WriteString("name", PascalName(rule.Title));
        _json.WriteStartObject("shortDescription");
        _json.WriteString("text", rule.Title);
        _json.WriteEndObject();
        _json.WriteStartObject("fullDescription");
        _json.WriteString("text", rule.Description ?? rule.Title);
        _json.WriteEndObject();
        _json.WriteStartObject("help");
        _json.WriteString("text", "Remediation: " + rule.Remediation);
        _json.WriteString("markdown", "**Remediation:** " + MarkdownText.Inline(rule.Remediation));
        _json.WriteEndObject();
        _json.WriteStartObject("defaultConfiguration");
        _json.WriteString("level", Level(rule.Severity));
        _json.WriteEndObject();
        _json.WriteStartObject("properties");
        _json.WriteString("security-severity", SecurityScore(rule.Severity));
        _json.WriteString("severity", rule.Severity.ToString());
        _json.WriteString("policy", rule.PolicyName);
        if (rule.PolicyVersion is not null)
        {
            _json.WriteString("policyVersion", rule.PolicyVersion);
        }

        _json.WriteStartArray("tags");
        _json.WriteStringValue("security");
        foreach (int practice in rule.Practices)
        {
            _json.WriteStringValue("practice-" + practice.ToString(CultureInfo.InvariantCulture));
        }

        _json.WriteEndArray();
        if (rule.References.Count > 0)
        {
            _json.WriteStartArray("references");
            foreach (string reference in rule.References)
            {
                _json.WriteStringValue(reference);
            }

            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteLocation(ReportItem item)
    {
        _json.WriteStartArray("locations");
        _json.WriteStartObject();
        if (item.File is not null)
        {
            _json.WriteStartObject("physicalLocation");
            _json.WriteStartObject("artifactLocation");
            string full = FullPath(item.File);
            if (_baseDirectory is not null && full.StartsWith(_baseDirectory, StringComparison.Ordinal))
            {
                _json.WriteString("uri", RelativeUri(full.Substring(_baseDirectory.Length)));
                _json.WriteString("uriBaseId", RootBaseId);
            }
            else
            {
                _json.WriteString("uri", AbsoluteUri(full));
            }

            _json.WriteEndObject();
            if (item.Line > 0)
            {
                _json.WriteStartObject("region");
                _json.WriteNumber("startLine", item.Line);
                _json.WriteEndObject();
            }

            _json.WriteEndObject();
        }

        _json.WriteStartArray("logicalLocations");
        _json.WriteStartObject();
        _json.WriteString("name", item.Finding.TargetName);
        _json.WriteString("kind", "object");
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndArray();
    }

    // The records of one file share its name: its full path is worked out once.
    private string FullPath(string file)
    {
        if (!ReferenceEquals(file, _lastFile))
        {
            _lastFile = file;
            _lastFullPath = Path.GetFullPath(file);
        }

        return _lastFullPath;
    }

    private string RelativeUri(string relative)
    {
        if (!_uris.TryGetValue(relative, out string? uri))
        {
            var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = Uri.EscapeDataString(parts[i]);
            }

            uri = string.Join("/", parts);
            _uris[relative] = uri;
        }

        return uri;
    }

    private string AbsoluteUri(string full)
    {
        if (!_uris.TryGetValue(full, out string? uri))
        {
            uri = new Uri(full).AbsoluteUri;
            _uris[full] = uri;
        }

        return uri;
    }

    // SARIF's rule name is an identifier-like name (for example "MfaEnabled").
    private static string PascalName(string title)
    {
        var name = new StringBuilder(title.Length);
        bool upper = true;
        foreach (char c in title)
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return name.Length == 0 ? "Rule" : name.ToString();
    }
}
