using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Reports;

namespace SecureMailOps.Hosting;

/// <summary>
/// What Export-SecurityReport (findings from the pipeline) and Invoke-SecurityPolicy -ReportPath (findings
/// written as the evaluation makes them) share: the same paths, formats, title, baseline, source root and
/// passes become the same files and options, asked about once with ShouldProcess, and one engine exporter.
/// </summary>
internal static class ReportParameters
{
    /// <summary>Plans the files, asks ShouldProcess once for all of them, and opens the exporter.</summary>
    /// <param name="cmdlet">The cmdlet (for paths and ShouldProcess).</param>
    /// <param name="paths">The report files or folders, as given.</param>
    /// <param name="formats">The formats, or null to take them from the extensions.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="baseline">A previous JSON report, or null.</param>
    /// <param name="sourceRoot">The folder SARIF locations are relative to, or null for the current folder.</param>
    /// <param name="includePass">Whether passes are listed in SARIF and HTML too.</param>
    /// <returns>The exporter, or null when ShouldProcess declined (-WhatIf, or No at -Confirm).</returns>
    /// <exception cref="Core.Errors.SecureMailOpsException">A path names no format, two formats share a file, or the baseline cannot be read.</exception>
    public static SecurityReportExporter? Open(PSCmdlet cmdlet, string[] paths, string[]? formats, string title, string? baseline, string? sourceRoot, bool includePass)
    {
        SessionState session = cmdlet.SessionState;
        var full = paths.Select(p => session.Path.GetUnresolvedProviderPathFromPSPath(p)).ToList();
        List<ReportFormat>? parsed = formats?.Select(EngineEnum.Parse<ReportFormat>).ToList();
        IReadOnlyList<ReportTarget> targets = ReportTargets.Plan(full, parsed, Directory.Exists);
        if (!cmdlet.ShouldProcess(string.Join(", ", targets.Select(t => t.Path)), "Write the security report"))
        {
            return null;
        }

        return new SecurityReportExporter(targets, new ReportOptions
        {
            Title = title,
            IncludePass = includePass,
            BaselinePath = baseline is null ? null : session.Path.GetUnresolvedProviderPathFromPSPath(baseline),
            BaseDirectory = sourceRoot is null ? session.Path.CurrentFileSystemLocation.ProviderPath : session.Path.GetUnresolvedProviderPathFromPSPath(sourceRoot),
        });
    }

    /// <summary>Writes the summaries into the files, moves them into place and says where they are (verbose).</summary>
    /// <param name="exporter">The exporter every finding went to.</param>
    /// <param name="cmdlet">The cmdlet (for the verbose stream).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="Core.Errors.SecureMailOpsException">A file could not be written.</exception>
    public static SecurityReportSummary Complete(SecurityReportExporter exporter, Cmdlet cmdlet)
    {
        SecurityReportSummary summary = exporter.Complete();
        foreach (ReportTarget target in exporter.Targets)
        {
            cmdlet.WriteVerbose(target.Format + " report: " + target.Path);
        }

        return summary;
    }
}
