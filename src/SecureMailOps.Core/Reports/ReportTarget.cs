using System;

namespace SecureMailOps.Core.Reports;

/// <summary>One file a report is written to, in one format.</summary>
public sealed class ReportTarget
{
    /// <summary>Creates a target.</summary>
    /// <param name="format">The format.</param>
    /// <param name="path">The full path of the file.</param>
    /// <param name="append">True to add to the end of an existing file (a job summary), false to replace it.</param>
    public ReportTarget(ReportFormat format, string path, bool append = false)
    {
        Format = format;
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Append = append;
    }

    /// <summary>Gets the format.</summary>
    public ReportFormat Format { get; }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the report is added to the end of the file rather than replacing it.</summary>
    public bool Append { get; }

    /// <inheritdoc />
    public override string ToString() => Format + " " + Path;
}
