using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Turns Export-SecurityReport's paths and formats into files: a folder gets one file per format
/// (every format when none is named); a file with one format is that file; a file name with several
/// formats is a stem that each format's extension is put on; a file alone takes its format from its
/// extension (.html .md .xml .sarif .json .csv).
/// </summary>
public static class ReportTargets
{
    /// <summary>Plans the files.</summary>
    /// <param name="paths">Full file-system paths.</param>
    /// <param name="formats">The formats asked for, or null or empty.</param>
    /// <param name="isDirectory">Whether a path is an existing folder.</param>
    /// <returns>The files and their formats.</returns>
    /// <exception cref="SecureMailOpsException">A file's extension names no format and none was given.</exception>
    public static IReadOnlyList<ReportTarget> Plan(IEnumerable<string> paths, IReadOnlyList<ReportFormat>? formats, Func<string, bool> isDirectory)
    {
        if (paths is null)
        {
            throw new ArgumentNullException(nameof(paths));
        }

        if (isDirectory is null)
        {
            throw new ArgumentNullException(nameof(isDirectory));
        }

        List<ReportFormat> asked = formats?.Distinct().ToList() ?? new List<ReportFormat>();
        var targets = new List<ReportTarget>();
        foreach (string path in paths)
        {
            bool folder = isDirectory(path) || path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) || path.EndsWith(Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal);
            if (folder)
            {
                IEnumerable<ReportFormat> each = asked.Count > 0 ? asked : (ReportFormat[])Enum.GetValues(typeof(ReportFormat));
                targets.AddRange(each.Select(f => new ReportTarget(f, Path.Combine(path, ReportFormats.DefaultFileName(f)))));
            }
            else if (asked.Count == 1)
            {
                targets.Add(new ReportTarget(asked[0], path));
            }
            else if (asked.Count > 1)
            {
                string stem = ReportFormats.TryFromExtension(path, out _) ? Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, Path.GetFileNameWithoutExtension(path)) : path;
                targets.AddRange(asked.Select(f => new ReportTarget(f, stem + Extension(f))));
            }
            else if (ReportFormats.TryFromExtension(path, out ReportFormat format))
            {
                targets.Add(new ReportTarget(format, path));
            }
            else
            {
                throw new SecureMailOpsException(ReportErrorIds.UnknownFormat, FailureKind.InvalidArgument,
                    "The report path '" + path + "' has no extension that names a format (.html .md .xml .sarif .json .csv); give -Format, or a folder.", path);
            }
        }

        return targets;
    }

    private static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Html => ".html",
        ReportFormat.Markdown => ".md",
        ReportFormat.JUnit => ".junit.xml",
        ReportFormat.Sarif => ".sarif",
        ReportFormat.Json => ".json",
        _ => ".csv",
    };
}
