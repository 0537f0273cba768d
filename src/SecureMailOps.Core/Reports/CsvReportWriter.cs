using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// One row per finding (RFC 4180). A cell that a spreadsheet would run as a formula (starting with
/// =, +, -, @, tab or CR) gets a leading apostrophe, as OWASP advises against CSV injection.
/// </summary>
internal sealed class CsvReportWriter : IReportWriter
{
    private static readonly string[] Header =
    {
        "Outcome", "Severity", "RuleId", "Title", "Policy", "Practices", "TargetKind", "Target", "File", "Line", "Reason", "Drift", "WaiverReason", "WaiverExpires",
    };

    private static readonly char[] QuotedCharacters = { ',', '"', '\r', '\n' };

    private readonly AtomicFile _file;
    private readonly StreamWriter _writer;
    private readonly string[] _cells = new string[Header.Length];
    private bool _finished;

    public CsvReportWriter(ReportTarget target)
    {
        Target = target;
        _file = new AtomicFile(target.Path);

        // A byte order mark, so spreadsheet programs read the file as UTF-8.
        _writer = new StreamWriter(_file.Stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true) { NewLine = "\r\n" };
        WriteRow(Header);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(PolicyFinding finding, DriftStatus drift)
    {
        SourceLocation location = SourceLocation.Parse(finding.TargetSource);
        _cells[0] = finding.Outcome.ToString();
        _cells[1] = finding.Severity.ToString();
        _cells[2] = finding.RuleId;
        _cells[3] = finding.Title;
        _cells[4] = finding.PolicyName;
        _cells[5] = string.Join(" ", finding.Practices);
        _cells[6] = finding.TargetKind.ToString();
        _cells[7] = finding.TargetName;
        _cells[8] = location.File ?? string.Empty;
        _cells[9] = location.Line > 0 ? location.Line.ToString(CultureInfo.InvariantCulture) : string.Empty;
        _cells[10] = finding.Outcome == FindingOutcome.Pass ? string.Empty : finding.Reason;
        _cells[11] = drift == DriftStatus.None ? string.Empty : drift.ToString();
        _cells[12] = finding.Waiver?.Reason ?? string.Empty;
        _cells[13] = finding.Waiver is null ? string.Empty : finding.Waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        WriteRow(_cells);
    }

    public void Finish(SecurityReportSummary summary)
    {
        _writer.Flush();
        _file.Close();
        _finished = true;
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        // A stream writer flushes on dispose even when its stream is closed already.
        if (!_finished)
        {
            _writer.Dispose();
        }

        _file.Dispose();
    }

    /// <summary>Makes a cell safe for spreadsheets: neutralised against formulas, quoted when needed.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The cell's text.</returns>
    internal static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.IndexOfAny(QuotedCharacters) < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (char c in value)
        {
            quoted.Append(c);
            if (c == '"')
            {
                quoted.Append('"');
            }
        }

        return quoted.Append('"').ToString();
    }

    private void WriteRow(string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            _writer.Write(Cell(cells[i]));
        }

        _writer.WriteLine();
    }
}
