using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>
/// The JUnit writer puts its test cases together from pre-encoded bytes; each case must read back
/// exactly as the platform's XmlWriter writes it (the writer it replaced), names and reasons included,
/// whatever they hold, and the counts filled in afterwards must be right.
/// </summary>
public sealed class JUnitEncodingTests : IDisposable
{
    private static readonly string[] HostileNames =
    {
        "plain.user@example.com",
        "<script>alert(\"x\")</script>",
        "quotes \" and ' apostrophes",
        "amp & entity &amp; &#x41; end",
        "cdata ]]> end",
        "tab\there new\nline carriage\rreturn crlf\r\n.",
        "controls \u0001\u0007\u001F\u007F end",
        "forbidden \uFFFE\uFFFF end",
        "non-BMP \U0001F600 \U0001D11E and BMP Zo\u00EB \u00DF \u4E2D",
        "  leading and trailing spaces  ",
        string.Concat(Enumerable.Repeat("long <&\"> \U0001F600 ", 700)),
        new string('x', 5000),
    };

    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void Hostile_names_and_reasons_read_back_as_the_xml_writer_writes_them()
    {
        string inventory = _kit.Write("hostile.json", JsonSerializer.Serialize(HostileNames.Select(name =>
            new Dictionary<string, object> { ["kind"] = "Account", ["id"] = name, ["mfa"] = new Dictionary<string, object> { ["enabled"] = name } })));
        List<PolicyFinding> findings = ReportTestKit.Evaluate(inventory);
        Assert.Contains(findings, f => f.Outcome == FindingOutcome.Error && f.Reason.Contains("<script>", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Outcome == FindingOutcome.Fail);

        (List<DriftStatus> drift, _) = Export(findings, null);

        XDocument actual = XDocument.Load(_kit.PathOf(ReportFormat.JUnit));
        AssertCasesAsXmlWriter(findings, drift, actual);

        // The names themselves, with their tabs and line breaks (which an attribute keeps only as character references), and with U+FFFD for what XML forbids.
        var names = actual.Descendants("testcase").Select(t => (string)t.Attribute("name")!).Distinct().ToList();
        Assert.Equal(HostileNames.Select(Clean), names);
        Assert.Contains("tab\there new\nline carriage\rreturn crlf\r\n.", names);
        Assert.Contains("forbidden \uFFFD\uFFFD end", names);
    }

    [Fact]
    public void Several_policies_waivers_sources_and_drift_read_back_as_the_xml_writer_writes_them()
    {
        List<PolicyFinding> before = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory, waivers: false);
        string baseline = Path.Combine(_kit.Folder, "baseline.json");
        using (var exporter = new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.Json, baseline) }, new ReportOptions { IncludePass = true }))
        {
            before.ForEach(f => exporter.Add(f));
            exporter.Complete();
        }

        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        (List<DriftStatus> drift, SecurityReportSummary summary) = Export(findings, baseline);
        Assert.Contains(drift, d => d != DriftStatus.None);
        Assert.Contains(findings, f => f.Outcome == FindingOutcome.Waived);
        Assert.Contains(findings, f => f.TargetSource is not null);

        XDocument actual = XDocument.Load(_kit.PathOf(ReportFormat.JUnit));
        AssertCasesAsXmlWriter(findings, drift, actual);
        Assert.Equal(3, actual.Root!.Elements("testsuite").Count());
        AssertCounts(summary.Counts, actual.Root);
        Assert.Equal(Clean(new ReportOptions().Title), (string)actual.Root.Attribute("name")!);
    }

    [Fact]
    public void Reasons_that_repeat_record_after_record_and_then_change_read_back_as_the_xml_writer_writes_them()
    {
        // Short values are shared strings (the reader's cache), so their reasons are the same string record after
        // record and the writer reuses their encoding from the second time on; the values change every few
        // records, come back, and hold what XML must escape.
        object[] values = { "<b>&\"'", "a]]>b", "t\tn\n", false, "<b>&\"'", 7, "no", false, "\u0001x" };
        var records = new List<Dictionary<string, object>>();
        for (int i = 0; i < values.Length * 3; i++)
        {
            object value = values[i / 3];
            records.Add(new Dictionary<string, object>
            {
                ["kind"] = "Account",
                ["id"] = "user" + i.ToString(CultureInfo.InvariantCulture) + "@example.com",
                ["mfa"] = new Dictionary<string, object> { ["enabled"] = value, ["methods"] = new[] { value } },
            });
        }

        string inventory = _kit.Write("repeating.json", JsonSerializer.Serialize(records));
        List<PolicyFinding> findings = ReportTestKit.Evaluate(inventory);
        Assert.Contains(findings, f => f.Outcome == FindingOutcome.Error && f.Reason.Contains("a]]>b", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Outcome == FindingOutcome.NotApplicable);

        (List<DriftStatus> drift, _) = Export(findings, null);
        AssertCasesAsXmlWriter(findings, drift, XDocument.Load(_kit.PathOf(ReportFormat.JUnit)));
    }

    [Fact]
    public void No_findings_gives_a_well_formed_report_with_zero_counts()
    {
        (_, SecurityReportSummary summary) = Export(new List<PolicyFinding>(), null);
        XDocument actual = XDocument.Load(_kit.PathOf(ReportFormat.JUnit));
        Assert.Empty(actual.Root!.Elements());
        AssertCounts(summary.Counts, actual.Root);
        Assert.Equal("0", (string)actual.Root.Attribute("tests")!);
    }

    private static string Clean(string value) => SecureMailOps.Core.Reports.XmlText.Clean(value);

    private static void AssertCounts(OutcomeCounts counts, XElement element)
    {
        Assert.Equal(counts.Total, (long)element.Attribute("tests")!);
        Assert.Equal(counts.Fail, (long)element.Attribute("failures")!);
        Assert.Equal(counts.Error, (long)element.Attribute("errors")!);
        Assert.Equal(counts.Waived + counts.NotApplicable, (long)element.Attribute("skipped")!);
    }

    // Each testcase as XmlWriter writes it (the code the byte writer replaced), in the file's order: suites in order of first appearance.
    private static void AssertCasesAsXmlWriter(List<PolicyFinding> findings, List<DriftStatus> drift, XDocument actual)
    {
        var policies = findings.Select(f => f.PolicyName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var ordered = findings.Select((f, i) => (Finding: f, Drift: drift[i]))
            .OrderBy(x => policies.FindIndex(p => string.Equals(p, x.Finding.PolicyName, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", OmitXmlDeclaration = true };
        using (XmlWriter xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartElement("cases");
            foreach ((PolicyFinding finding, DriftStatus status) in ordered)
            {
                WriteCase(xml, finding, status);
            }

            xml.WriteEndElement();
        }

        List<XElement> expected = XDocument.Parse(text.ToString()).Root!.Elements().ToList();
        List<XElement> cases = actual.Descendants("testcase").ToList();
        Assert.Equal(expected.Count, cases.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(XNode.DeepEquals(expected[i], cases[i]), "test case " + i + " differs:\n" + expected[i] + "\n" + cases[i]);
        }

        foreach (XElement suite in actual.Root!.Elements("testsuite"))
        {
            var counts = new OutcomeCounts();
            foreach ((PolicyFinding finding, _) in ordered.Where(x => string.Equals(x.Finding.PolicyName, (string)suite.Attribute("name")!, StringComparison.OrdinalIgnoreCase)))
            {
                counts.Add(finding.Outcome);
            }

            AssertCounts(counts, suite);
            Assert.Equal(suite.Elements("testcase").Count(), (int)suite.Attribute("tests")!);
            Assert.Equal("localhost", (string)suite.Attribute("hostname")!);
            Assert.Equal(AsOfText, (string)suite.Attribute("timestamp")!);
        }

        Assert.Equal(Enumerable.Range(0, policies.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), actual.Root.Elements("testsuite").Select(s => (string)s.Attribute("id")!));
    }

    private static string AsOfText => Policies.PolicyTestKit.AsOf.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteCase(XmlWriter xml, PolicyFinding finding, DriftStatus drift)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", Clean(finding.RuleId));
        xml.WriteAttributeString("name", Clean(finding.TargetName));
        xml.WriteAttributeString("time", "0");
        switch (finding.Outcome)
        {
            case FindingOutcome.Fail:
            case FindingOutcome.Error:
                bool failed = finding.Outcome == FindingOutcome.Fail;
                string reason = Clean(finding.Reason);
                xml.WriteStartElement(failed ? "failure" : "error");
                xml.WriteAttributeString("message", reason);
                xml.WriteAttributeString("type", failed ? finding.Severity.ToString() : "EvaluationError");
                xml.WriteString(Clean(finding.Title) + Environment.NewLine + "Reason: " + reason + Environment.NewLine + "Remediation: " + Clean(finding.Remediation));
                if (finding.TargetSource is not null)
                {
                    xml.WriteString(Environment.NewLine + "Source: " + Clean(finding.TargetSource));
                }

                if (drift != DriftStatus.None)
                {
                    xml.WriteString(Environment.NewLine + "Drift: " + drift);
                }

                xml.WriteEndElement();
                break;
            case FindingOutcome.Waived:
            case FindingOutcome.NotApplicable:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean(finding.Reason));
                xml.WriteEndElement();
                break;
        }

        xml.WriteEndElement();
    }

    private (List<DriftStatus> Drift, SecurityReportSummary Summary) Export(List<PolicyFinding> findings, string? baseline)
    {
        var drift = new List<DriftStatus>();
        var options = new ReportOptions { BaselinePath = baseline, Clock = () => ReportTestKit.GeneratedAt };
        using var exporter = new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.JUnit, _kit.PathOf(ReportFormat.JUnit)) }, options);
        foreach (PolicyFinding finding in findings)
        {
            drift.Add(exporter.Add(finding));
        }

        return (drift, exporter.Complete());
    }
}
