using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A GitHub job summary: the summary's tables, then the failing findings, most severe first (each
/// severity spooled to its own temporary file while streaming). The whole file stays within
/// <see cref="ReportOptions.MarkdownByteLimit"/> (GitHub's 1 MiB), with a note where the list is cut.
/// </summary>
internal sealed class MarkdownReportWriter : IReportWriter
{
    private const int NoteReserve = 512;
    private readonly ReportOptions _options;
    private readonly AtomicFile _file;
    private readonly SpoolFile?[] _bySeverity = new SpoolFile?[5];
    private readonly long[] _rows = new long[5];
    private readonly long[] _spooled = new long[5];

    public MarkdownReportWriter(ReportTarget target, ReportOptions options)
    {
        Target = target;
        _options = options;
        _file = new AtomicFile(target.Path, target.Append);
    }

    public ReportTarget Target { get; }

    public IReadOnlyList<string> Notes => Array.Empty<string>();

    public void Write(ReportItem item)
    {
        if (!MarkdownSummary.IsListed(item.Outcome))
        {
            return;
        }

        // Counted always; spooled only while the spool may still be read: once a severity holds more
        // characters than the whole file may have bytes, no later row of it can be listed.
        int severity = (int)item.Rule.Rule.Severity;
        _rows[severity]++;
        if (_spooled[severity] >= _options.MarkdownByteLimit)
        {
            return;
        }

        SpoolFile spool = _bySeverity[severity] ??= new SpoolFile(Target.Path);
        string row = MarkdownSummary.Row(item.Finding, item.Drift);
        spool.Writer.WriteLine(row);
        _spooled[severity] += row.Length + 1;
    }

    public void Finish(SecurityReportSummary summary)
    {
        using (var md = new StreamWriter(_file.Stream, AtomicFile.Utf8, 65536, leaveOpen: true) { NewLine = "\n" })
        {
            var head = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            MarkdownSummary.Write(head, summary);
            string headText = head.ToString();
            long budget = _options.MarkdownByteLimit - AtomicFile.Utf8.GetByteCount(headText) - NoteReserve;
            md.Write(headText);
            long total = 0;
            foreach (long n in _rows)
            {
                total += n;
            }

            if (total == 0)
            {
                md.WriteLine("No failing findings.");
            }
            else
            {
                md.WriteLine("## Failing findings");
                md.WriteLine();
                long listed = 0;
                foreach (string line in MarkdownSummary.RowHeader)
                {
                    md.WriteLine(line);
                    budget -= MarkdownSummary.LineBytes(line);
                }

                foreach (Severity severity in MarkdownSummary.SeveritiesDown)
                {
                    SpoolFile? spool = _bySeverity[(int)severity];
                    if (spool is null || budget <= 0)
                    {
                        continue;
                    }

                    using TextReader reader = spool.OpenReader();
                    string? line;
                    while ((line = reader.ReadLine()) is not null)
                    {
                        int bytes = MarkdownSummary.LineBytes(line);
                        if (bytes > budget)
                        {
                            budget = 0;
                            break;
                        }

                        md.WriteLine(line);
                        budget -= bytes;
                        listed++;
                    }
                }

                if (listed < total)
                {
                    md.WriteLine();
                    md.WriteLine(string.Format(CultureInfo.InvariantCulture, "> **Cut:** {0:N0} of {1:N0} failing findings are listed; GitHub limits a job summary to 1 MiB. The HTML, JSON and CSV reports list them all.", listed, total));
                }
            }

            md.WriteLine();
        }

        _file.Close();
    }

    public void Commit() => _file.Commit();

    public void Dispose()
    {
        foreach (SpoolFile? spool in _bySeverity)
        {
            spool?.Dispose();
        }

        _file.Dispose();
    }
}
