using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// JUnit XML as Azure DevOps PublishTestResults@2 and GitLab read it: a testsuite per policy, a
/// testcase per rule x target (classname the rule id, name the target), failure or error with the
/// reason, skipped for NotApplicable and Waived.
/// </summary>
/// <remarks>
/// Every rule x target is a test case (2.5 million for 100,000 accounts x the baseline), so the cases
/// are put together from UTF-8 fragments: the fixed markup and each rule's classname, title and
/// remediation encoded once, the target's name once per record, the reason once per finding, all
/// values encoded by <see cref="XmlEscaper"/> (the platform's XML writer) and written in 64 KiB blocks.
/// A suite's counts go in its start tag, before its cases: the first policy's suite is written
/// straight into the file with room left before the tag's <c>&gt;</c> (XML allows whitespace there),
/// filled in at the end by seeking back, as are the counts of the root; the suites of any further
/// policies (their cases arrive interleaved with the first one's) are spooled and copied after it.
/// </remarks>
internal sealed class JUnitReportWriter : IReportWriter
{
    // Room for the attributes filled in at the end: four counts of up to 20 digits, the id, the timestamp and the host.
    private const int ReservedWidth = 200;

    // Laid out as before (when an XmlWriter wrote each suite's cases as a fragment): cases at the start of a line, their child indented by two.
    private static readonly string NewLine = Environment.NewLine;
    private static readonly byte[] CaseStart = Ascii(NewLine + "<testcase classname=\"");
    private static readonly byte[] NameStart = Ascii("\" name=\"");
    private static readonly byte[] PassEnd = Ascii("\" time=\"0\" />");
    private static readonly byte[] OpenEnd = Ascii("\" time=\"0\">" + NewLine + "  ");
    private static readonly byte[] CaseEnd = Ascii(NewLine + "</testcase>");
    private static readonly byte[] FailureStart = Ascii("<failure message=\"");
    private static readonly byte[] ErrorStart = Ascii("<error message=\"");
    private static readonly byte[] SkippedStart = Ascii("<skipped message=\"");
    private static readonly byte[] TypeStart = Ascii("\" type=\"");
    private static readonly byte[] EvaluationError = Ascii("EvaluationError");
    private static readonly byte[] TagEnd = Ascii("\">");
    private static readonly byte[] EmptyEnd = Ascii("\" />");
    private static readonly byte[] FailureEnd = Ascii("</failure>");
    private static readonly byte[] ErrorEnd = Ascii("</error>");
    private static readonly byte[] SuiteEnd = Ascii(NewLine + "  </testsuite>");
    private static readonly byte[] RootEnd = Ascii(NewLine + "</testsuites>" + NewLine);
    private static readonly byte[] FailureOpen = Join(OpenEnd, FailureStart);
    private static readonly byte[] ErrorOpen = Join(OpenEnd, ErrorStart);
    private static readonly byte[] SkippedOpen = Join(OpenEnd, SkippedStart);
    private static readonly byte[] FailureClose = Join(FailureEnd, CaseEnd);
    private static readonly byte[] ErrorClose = Join(ErrorEnd, CaseEnd);
    private static readonly byte[] SkippedClose = Join(EmptyEnd, CaseEnd);

    private readonly Dictionary<string, Suite> _suites = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Suite> _order = new();
    private readonly Dictionary<ReportRule, RuleBytes> _rules = new();
    private readonly XmlEscaper _escaper = new();
    private readonly AtomicFile _file;
    private readonly Utf8Sink _sink;
    private readonly long _rootReserved;
    private readonly byte[] _reasonLabel;
    private readonly byte[] _remediationLabel;
    private readonly byte[] _sourceLabel;
    private readonly byte[]?[] _driftLines = new byte[]?[Enum.GetValues(typeof(DriftStatus)).Length];
    private Suite? _last;
    private RuleBytes? _lastRule;
    private string? _lastName;
    private byte[] _name = Array.Empty<byte>();
    private string? _lastSource;
    private byte[] _source = Array.Empty<byte>();

    public JUnitReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _file = new AtomicFile(target.Path);
        _sink = new Utf8Sink(_file.Stream);
        _reasonLabel = _escaper.Text(NewLine + "Reason: ");
        _remediationLabel = _escaper.Text(NewLine + "Remediation: ");
        _sourceLabel = _escaper.Text(NewLine + "Source: ");
        _sink.Write(Ascii("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + NewLine + "<testsuites name=\""));
        _sink.Write(_escaper.Attribute(options.Title));
        _sink.Write(Ascii("\""));
        _rootReserved = Reserve();
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        PolicyFinding finding = item.Finding;
        Suite suite = SuiteOf(item.Rule.Rule.PolicyName);
        suite.Counts.Add(item.Outcome);
        RuleBytes rule = RuleOf(item.Rule);
        Utf8Sink sink = suite.Sink;

        // Fixed markup is joined with the rule's encoded text ahead of time: a pass is three copies.
        sink.Write(rule.CasePrefix);
        sink.Write(NameOf(finding.TargetName));
        switch (item.Outcome)
        {
            case FindingOutcome.Fail:
            case FindingOutcome.Error:
                bool failed = item.Outcome == FindingOutcome.Fail;
                string reason = finding.Reason;
                sink.Write(failed ? FailureOpen : ErrorOpen);
                rule.WriteReason(sink, reason, _escaper, asAttribute: true);
                sink.Write(failed ? rule.FailureMiddle : rule.ErrorMiddle);
                rule.WriteReason(sink, reason, _escaper, asAttribute: false);
                sink.Write(rule.RemediationPart);
                if (item.Source is not null)
                {
                    sink.Write(_sourceLabel);
                    sink.Write(SourceOf(item.Source));
                }

                if (item.Drift != DriftStatus.None)
                {
                    sink.Write(DriftLine(item.Drift));
                }

                sink.Write(failed ? FailureClose : ErrorClose);
                break;
            case FindingOutcome.Waived:
            case FindingOutcome.NotApplicable:
                sink.Write(SkippedOpen);
                rule.WriteReason(sink, finding.Reason, _escaper, asAttribute: true);
                sink.Write(SkippedClose);
                break;
            default:
                sink.Write(PassEnd);
                break;
        }
    }

    public void Finish(SecurityReportSummary summary)
    {
        string timestamp = (summary.AsOf ?? summary.GeneratedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        Stream stream = _file.Stream;
        int id = 0;
        foreach (Suite suite in _order)
        {
            string attributes = SuiteAttributes(suite.Counts, id++, timestamp);
            if (suite.Spool is null)
            {
                _sink.Write(SuiteEnd);
                _sink.Flush();
                Patch(stream, suite.Reserved, attributes);
                continue;
            }

            _sink.Write(SuiteStart(suite.Name));
            _sink.Write(Ascii(attributes + ">"));
            _sink.Flush();
            suite.CopyTo(stream);
            _sink.Write(SuiteEnd);
        }

        _sink.Write(RootEnd);
        _sink.Flush();
        Patch(stream, _rootReserved, Counts(summary.Counts));
        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        foreach (Suite suite in _order)
        {
            suite.Dispose();
        }

        _escaper.Dispose();
        _file.Dispose();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Join(params byte[][] parts)
    {
        var joined = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (byte[] part in parts)
        {
            Buffer.BlockCopy(part, 0, joined, at, part.Length);
            at += part.Length;
        }

        return joined;
    }

    private static string Counts(OutcomeCounts counts) =>
        " tests=\"" + counts.Total.ToString(CultureInfo.InvariantCulture)
        + "\" failures=\"" + counts.Fail.ToString(CultureInfo.InvariantCulture)
        + "\" errors=\"" + counts.Error.ToString(CultureInfo.InvariantCulture)
        + "\" skipped=\"" + (counts.Waived + counts.NotApplicable).ToString(CultureInfo.InvariantCulture)
        + "\" time=\"0\"";

    private static string SuiteAttributes(OutcomeCounts counts, int id, string timestamp) =>
        Counts(counts) + " id=\"" + id.ToString(CultureInfo.InvariantCulture) + "\" timestamp=\"" + timestamp + "\" hostname=\"localhost\"";

    // The attributes go where the spaces were; what they leave of the room stays whitespace before '>'.
    private static void Patch(Stream stream, long at, string attributes)
    {
        if (attributes.Length > ReservedWidth)
        {
            throw new InvalidOperationException("The JUnit attributes outgrew the room kept for them.");
        }

        long end = stream.Position;
        stream.Position = at;
        byte[] bytes = Ascii(attributes);
        stream.Write(bytes, 0, bytes.Length);
        stream.Position = end;
    }

    private long Reserve()
    {
        long at = _sink.Position;
        byte[] room = new byte[ReservedWidth + 1];
        room.AsSpan().Fill((byte)' ');
        room[ReservedWidth] = (byte)'>';
        _sink.Write(room);
        return at;
    }

    private byte[] SuiteStart(string name)
    {
        byte[] head = Ascii(NewLine + "  <testsuite name=\"");
        byte[] value = _escaper.Attribute(name);
        byte[] start = new byte[head.Length + value.Length + 1];
        head.CopyTo(start, 0);
        value.CopyTo(start, head.Length);
        start[start.Length - 1] = (byte)'"';
        return start;
    }

    private byte[] NameOf(string name)
    {
        // A record's findings share its name: encoded once per record.
        if (!ReferenceEquals(name, _lastName))
        {
            _lastName = name;
            _name = _escaper.Attribute(name);
        }

        return _name;
    }

    private byte[] SourceOf(string source)
    {
        if (!ReferenceEquals(source, _lastSource))
        {
            _lastSource = source;
            _source = _escaper.Text(source);
        }

        return _source;
    }

    private byte[] DriftLine(DriftStatus drift) =>
        _driftLines[(int)drift] ??= _escaper.Text(NewLine + "Drift: " + drift);

    private RuleBytes RuleOf(ReportRule rule)
    {
        if (_lastRule is not null && ReferenceEquals(_lastRule.Rule, rule))
        {
            return _lastRule;
        }

        if (!_rules.TryGetValue(rule, out _lastRule))
        {
            _lastRule = new RuleBytes(rule, _escaper, _reasonLabel, _remediationLabel);
            _rules.Add(rule, _lastRule);
        }

        return _lastRule;
    }

    private Suite SuiteOf(string policy)
    {
        if (_last is not null && string.Equals(_last.Name, policy, StringComparison.OrdinalIgnoreCase))
        {
            return _last;
        }

        if (!_suites.TryGetValue(policy, out _last))
        {
            if (_order.Count == 0)
            {
                _sink.Write(SuiteStart(policy));
                _last = new Suite(policy, _sink, Reserve());
            }
            else
            {
                _last = new Suite(policy, Target.Path);
            }

            _suites.Add(policy, _last);
            _order.Add(_last);
        }

        return _last;
    }

    /// <summary>A rule's parts of a test case, encoded once.</summary>
    private sealed class RuleBytes
    {
        private string? _reason;
        private byte[]? _attribute;
        private byte[]? _text;
        private int _attributeUses;
        private int _textUses;

        public RuleBytes(ReportRule rule, XmlEscaper escaper, byte[] reasonLabel, byte[] remediationLabel)
        {
            Rule = rule;
            byte[] title = escaper.Text(rule.Rule.Title);
            CasePrefix = Join(CaseStart, escaper.Attribute(rule.Rule.Id), NameStart);
            FailureMiddle = Join(TypeStart, escaper.Attribute(rule.SeverityText), TagEnd, title, reasonLabel);
            ErrorMiddle = Join(TypeStart, EvaluationError, TagEnd, title, reasonLabel);
            RemediationPart = Join(remediationLabel, escaper.Text(rule.Rule.Remediation));
        }

        public ReportRule Rule { get; }

        /// <summary>Gets a case's start up to its name: the tag, the classname (the rule id) and the name attribute's start.</summary>
        public byte[] CasePrefix { get; }

        /// <summary>Gets what goes between a failure's message and its reason text: its type (the severity), the title and the reason's label.</summary>
        public byte[] FailureMiddle { get; }

        /// <summary>Gets the same for an error, whose type is EvaluationError.</summary>
        public byte[] ErrorMiddle { get; }

        /// <summary>Gets the remediation's label and text.</summary>
        public byte[] RemediationPart { get; }

        /// <summary>
        /// Writes a finding's reason. A rule's reasons repeat record after record as the same string (see
        /// ExplanationMemo in the policy engine), so the last one is kept encoded once it comes a second time.
        /// </summary>
        public void WriteReason(Utf8Sink sink, string reason, XmlEscaper escaper, bool asAttribute)
        {
            if (!ReferenceEquals(reason, _reason))
            {
                _reason = reason;
                _attribute = null;
                _text = null;
                _attributeUses = 0;
                _textUses = 0;
            }

            if (asAttribute ? _attributeUses++ == 0 : _textUses++ == 0)
            {
                if (asAttribute)
                {
                    escaper.WriteAttribute(sink, reason);
                }
                else
                {
                    escaper.WriteText(sink, reason);
                }

                return;
            }

            sink.Write(asAttribute ? _attribute ??= escaper.Attribute(reason) : _text ??= escaper.Text(reason));
        }
    }

    /// <summary>One policy's test suite: written into the file (the first) or spooled (any further ones).</summary>
    private sealed class Suite : IDisposable
    {
        public Suite(string name, Utf8Sink sink, long reserved)
        {
            Name = name;
            Sink = sink;
            Reserved = reserved;
        }

        public Suite(string name, string besidePath)
        {
            Name = name;
            string folder = Path.GetDirectoryName(Path.GetFullPath(besidePath)) ?? ".";
            try
            {
                Spool = new FileStream(Path.Combine(folder, "." + Path.GetFileName(besidePath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".spool"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw AtomicFile.WriteFailed(besidePath, ex);
            }

            Sink = new Utf8Sink(Spool);
        }

        public string Name { get; }

        public Utf8Sink Sink { get; }

        public FileStream? Spool { get; }

        /// <summary>Gets where the room for the counts starts, for the suite written into the file.</summary>
        public long Reserved { get; }

        public OutcomeCounts Counts { get; } = new();

        public void CopyTo(Stream target)
        {
            Sink.Flush();
            Spool!.Position = 0;
            Spool.CopyTo(target, 65536);
        }

        public void Dispose() => Spool?.Dispose();
    }
}
