using System.Text.Json;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// What every format writes about a rule, encoded once per rule rather than once per finding: the
/// JSON values (escaped once), the CSV cells from Severity to Practices, the JUnit classname.
/// </summary>
internal sealed class ReportRule
{
    public ReportRule(PolicyRule rule)
    {
        Rule = rule;
        SeverityText = rule.Severity.ToString();
        PracticesText = string.Join(" ", rule.Practices);
        JsonId = JsonEncodedText.Encode(rule.Id, ReportJson.WriterOptions.Encoder);
        JsonTitle = JsonEncodedText.Encode(rule.Title, ReportJson.WriterOptions.Encoder);
        JsonPolicy = JsonEncodedText.Encode(rule.PolicyName, ReportJson.WriterOptions.Encoder);
        JsonSeverity = JsonEncodedText.Encode(SeverityText, ReportJson.WriterOptions.Encoder);
        CsvCells = CsvReportWriter.Cell(SeverityText) + "," + CsvReportWriter.Cell(rule.Id) + "," + CsvReportWriter.Cell(rule.Title) + ","
            + CsvReportWriter.Cell(rule.PolicyName) + "," + CsvReportWriter.Cell(PracticesText);
        XmlClassName = XmlText.Clean(rule.Id);
        XmlTitle = XmlText.Clean(rule.Title);
        XmlRemediation = XmlText.Clean(rule.Remediation);
        FingerprintPrefix = rule.Id.ToUpperInvariant() + "\n";
    }

    public PolicyRule Rule { get; }

    public string SeverityText { get; }

    public string PracticesText { get; }

    public JsonEncodedText JsonId { get; }

    public JsonEncodedText JsonTitle { get; }

    public JsonEncodedText JsonPolicy { get; }

    public JsonEncodedText JsonSeverity { get; }

    /// <summary>Gets the CSV cells Severity, RuleId, Title, Policy and Practices, joined by commas.</summary>
    public string CsvCells { get; }

    public string XmlClassName { get; }

    public string XmlTitle { get; }

    public string XmlRemediation { get; }

    /// <summary>Gets the start of the text SARIF's fingerprint hashes (the rule id, upper case, and a newline).</summary>
    public string FingerprintPrefix { get; }

    /// <inheritdoc />
    public override string ToString() => Rule.Id + " (" + SeverityText + ", practices " + PracticesText + ")";
}
