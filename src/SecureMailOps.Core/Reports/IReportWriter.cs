using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// One format's writer: findings stream in as they arrive; the summary comes last. Everything is
/// written to a temporary file beside the target and moved into place only by <see cref="Commit"/>,
/// so a failed run leaves no half-written report.
/// </summary>
internal interface IReportWriter : IDisposable
{
    /// <summary>Gets the target.</summary>
    ReportTarget Target { get; }

    /// <summary>Gets notes known while streaming (for example that results were cut), for the summary.</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>Writes one finding.</summary>
    /// <param name="item">The finding, its rule's fragments, its drift and its place; valid only during the call.</param>
    void Write(ReportItem item);

    /// <summary>Writes the summary and closes the temporary file.</summary>
    /// <param name="summary">The summary.</param>
    void Finish(SecurityReportSummary summary);

    /// <summary>Moves the finished file into place.</summary>
    void Commit();
}
