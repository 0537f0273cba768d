using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// One row per finding (RFC 4180): failures, errors and waived findings; passes and not-applicable
/// findings too with IncludePass. A cell that a spreadsheet would run as a formula (starting with
/// =, +, -, @, tab or CR) gets a leading apostrophe, as OWASP advises against CSV injection.
/// </summary>
internal sealed class CsvReportWriter : IReportWriter
{
    private static readonly string[] Header =
    {
        "Outcome", "Severity", "RuleId", "Title", "Policy", "Practices", "TargetKind", "Target", "File", "Line", "Reason", "Drift", "WaiverReason", "WaiverExpires",
    };

    private static readonly char[] QuotedCharacters = { ',', '"', '\r', '\n' };

    private readonly bool _includePass;
    private readonly AtomicFile _file;
    private readonly StreamWriter _writer;
    private string? _lastFile;
    private string _lastFileCell = string.Empty;
    private bool _finished;

    public CsvReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _includePass = options.IncludePass;
        _file = new AtomicFile(target.Path);

        // A byte order mark, so spreadsheet programs read the file as UTF-8.
        _writer = new StreamWriter(_file.Stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true) { NewLine = "\r\n" };
        WriteRow(Header);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        if (!item.IsListed(_includePass))
        {
            return;
        }

        // The rule's five cells are encoded once per rule; the outcome, kind, line and drift need no quoting.
        PolicyFinding finding = item.Finding;
        StreamWriter w = _writer;
        w.Write(Names.Outcome(item.Outcome));
        w.Write(',');
        w.Write(item.Rule.CsvCells);
        w.Write(',');
        w.Write(Names.Kind(finding.TargetKind));
        w.Write(',');
        w.Write(Cell(finding.TargetName));
        w.Write(',');
        if (item.File is not null)
        {
            if (!ReferenceEquals(item.File, _lastFile))
            {
                _lastFile = item.File;
                _lastFileCell = Cell(item.File);
            }

            w.Write(_lastFileCell);
        }

        w.Write(',');
        w.Write(item.LineText);
        w.Write(',');
        if (item.Outcome != FindingOutcome.Pass)
        {
            w.Write(Cell(finding.Reason));
        }

        w.Write(',');
        if (item.Drift != DriftStatus.None)
        {
            w.Write(item.Drift.ToString());
        }

        w.Write(',');
        if (finding.Waiver is not null)
        {
            w.Write(Cell(finding.Waiver.Reason));
            w.Write(',');
            w.Write(finding.Waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            w.Write(',');
        }

        w.WriteLine();
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
