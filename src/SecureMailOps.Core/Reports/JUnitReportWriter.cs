using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Xml;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// JUnit XML as Azure DevOps PublishTestResults@2 and GitLab read it: a testsuite per policy, a
/// testcase per rule x target (classname the rule id, name the target), failure or error with the
/// reason, skipped for NotApplicable and Waived. A suite's counts go before its cases, so each
/// policy's cases are spooled to a temporary file and copied in at the end.
/// </summary>
internal sealed class JUnitReportWriter : IReportWriter
{
    private static readonly XmlWriterSettings FragmentSettings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        Indent = true,
        IndentChars = "  ",
        CloseOutput = false,
        Encoding = AtomicFile.Utf8,
    };

    private readonly Dictionary<string, Suite> _suites = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Suite> _order = new();
    private readonly AtomicFile _file;
    private Suite? _last;

    public JUnitReportWriter(ReportTarget target)
    {
        Target = target;
        _file = new AtomicFile(target.Path);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        PolicyFinding finding = item.Finding;
        ReportRule rule = item.Rule;
        Suite suite = SuiteOf(rule.Rule.PolicyName);
        suite.Counts.Add(item.Outcome);
        XmlWriter xml = suite.Xml;
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", rule.XmlClassName);
        xml.WriteAttributeString("name", XmlText.Clean(finding.TargetName));
        xml.WriteAttributeString("time", "0");
        switch (item.Outcome)
        {
            case FindingOutcome.Fail:
            case FindingOutcome.Error:
                bool failed = item.Outcome == FindingOutcome.Fail;
                string reason = XmlText.Clean(finding.Reason);
                xml.WriteStartElement(failed ? "failure" : "error");
                xml.WriteAttributeString("message", reason);
                xml.WriteAttributeString("type", failed ? rule.SeverityText : "EvaluationError");
                WriteDetails(xml, item, reason);
                xml.WriteEndElement();
                break;
            case FindingOutcome.Waived:
            case FindingOutcome.NotApplicable:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", XmlText.Clean(finding.Reason));
                xml.WriteEndElement();
                break;
        }

        xml.WriteEndElement();
    }

    public void Finish(SecurityReportSummary summary)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = AtomicFile.Utf8, CloseOutput = false };
        using (var text = new StreamWriter(_file.Stream, AtomicFile.Utf8, 65536, leaveOpen: true))
        using (XmlWriter xml = XmlWriter.Create(text, settings))
        {
            string timestamp = (summary.AsOf ?? summary.GeneratedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", XmlText.Clean(summary.Title));
            WriteCounts(xml, summary.Counts);
            int id = 0;
            foreach (Suite suite in _order)
            {
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", XmlText.Clean(suite.Name));
                WriteCounts(xml, suite.Counts);
                xml.WriteAttributeString("id", (id++).ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("timestamp", timestamp);
                xml.WriteAttributeString("hostname", "localhost");
                suite.Xml.Flush();
                suite.Xml.Dispose();
                xml.WriteString(string.Empty);
                xml.Flush();
                text.Flush();

                // The cases are UTF-8 already: copied as bytes, not decoded and encoded again.
                suite.CopyTo(_file.Stream);
                xml.WriteFullEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        foreach (Suite suite in _order)
        {
            suite.Dispose();
        }

        _file.Dispose();
    }

    private static void WriteCounts(XmlWriter xml, OutcomeCounts counts)
    {
        xml.WriteAttributeString("tests", counts.Total.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", counts.Fail.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", counts.Error.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", (counts.Waived + counts.NotApplicable).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", "0");
    }

    // The title and remediation are cleaned once per rule; the text is written in parts rather than joined first.
    private static void WriteDetails(XmlWriter xml, ReportItem item, string reason)
    {
        xml.WriteString(item.Rule.XmlTitle);
        xml.WriteString(Environment.NewLine + "Reason: ");
        xml.WriteString(reason);
        xml.WriteString(Environment.NewLine + "Remediation: ");
        xml.WriteString(item.Rule.XmlRemediation);
        if (item.Source is not null)
        {
            xml.WriteString(Environment.NewLine + "Source: ");
            xml.WriteString(XmlText.Clean(item.Source));
        }

        if (item.Drift != DriftStatus.None)
        {
            xml.WriteString(Environment.NewLine + "Drift: " + item.Drift);
        }
    }

    private Suite SuiteOf(string policy)
    {
        if (_last is not null && string.Equals(_last.Name, policy, StringComparison.OrdinalIgnoreCase))
        {
            return _last;
        }

        if (!_suites.TryGetValue(policy, out _last))
        {
            _last = new Suite(policy, Target.Path);
            _suites.Add(policy, _last);
            _order.Add(_last);
        }

        return _last;
    }

    private sealed class Suite : IDisposable
    {
        private readonly FileStream _spool;

        public Suite(string name, string besidePath)
        {
            Name = name;
            string folder = Path.GetDirectoryName(Path.GetFullPath(besidePath)) ?? ".";
            try
            {
                _spool = new FileStream(Path.Combine(folder, "." + Path.GetFileName(besidePath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".spool"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw AtomicFile.WriteFailed(besidePath, ex);
            }

            // Written straight to the stream as UTF-8 (the XML writer's own encoder), with no text writer between.
            Xml = XmlWriter.Create(_spool, FragmentSettings);
        }

        public string Name { get; }

        public XmlWriter Xml { get; }

        public OutcomeCounts Counts { get; } = new();

        public void CopyTo(Stream target)
        {
            _spool.Position = 0;
            _spool.CopyTo(target, 65536);
        }

        public void Dispose()
        {
            Xml.Dispose();
            _spool.Dispose();
        }
    }
}
