using System;
using System.IO;

namespace SecureMailOps.Core.Reports;

/// <summary>Maps report formats to file extensions and back.</summary>
public static class ReportFormats
{
    /// <summary>Gets the format a file extension stands for.</summary>
    /// <param name="path">A file name or path.</param>
    /// <param name="format">The format, when the extension is one of .html .htm .md .xml .sarif .json .csv.</param>
    /// <returns>True when the extension names a format.</returns>
    public static bool TryFromExtension(string path, out ReportFormat format)
    {
        string extension = Path.GetExtension(path ?? throw new ArgumentNullException(nameof(path))).ToUpperInvariant();
        switch (extension)
        {
            case ".HTML":
            case ".HTM":
                format = ReportFormat.Html;
                return true;
            case ".MD":
                format = ReportFormat.Markdown;
                return true;
            case ".XML":
                format = ReportFormat.JUnit;
                return true;
            case ".SARIF":
                format = ReportFormat.Sarif;
                return true;
            case ".JSON":
                format = ReportFormat.Json;
                return true;
            case ".CSV":
                format = ReportFormat.Csv;
                return true;
            default:
                format = ReportFormat.Json;
                return false;
        }
    }

    /// <summary>Gets the file name a format gets inside a report folder.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The file name, for example security-report.sarif.</returns>
    public static string DefaultFileName(ReportFormat format) => format switch
    {
        ReportFormat.Html => "security-report.html",
        ReportFormat.Markdown => "security-report.md",
        ReportFormat.JUnit => "security-report.junit.xml",
        ReportFormat.Sarif => "security-report.sarif",
        ReportFormat.Json => "security-report.json",
        _ => "security-report.csv",
    };
}
