using System;

namespace SecureMailOps.Core.Reports;

/// <summary>What a report run needs besides its findings.</summary>
public sealed class ReportOptions
{
    /// <summary>GitHub's limit on one job summary (1 MiB).</summary>
    public const int GitHubSummaryLimit = 1024 * 1024;

    /// <summary>GitHub code scanning's limit on results per SARIF run.</summary>
    public const int SarifRunLimit = 25000;

    /// <summary>Gets or sets the report's title.</summary>
    public string Title { get; set; } = "Security policy report";

    /// <summary>Gets or sets a value indicating whether passes (and not-applicable findings) are listed in SARIF, HTML, JSON and CSV too (JUnit always lists them as test cases); they are always counted.</summary>
    public bool IncludePass { get; set; }

    /// <summary>Gets or sets a previous run's JSON report to compare with, or null.</summary>
    public string? BaselinePath { get; set; }

    /// <summary>Gets or sets the folder SARIF locations are made relative to (the repository root in CI), or null for absolute file URIs.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>Gets or sets the tool's name.</summary>
    public string ToolName { get; set; } = "SecureMailOps";

    /// <summary>Gets or sets the tool's semantic version; the engine's own when null.</summary>
    public string? ToolVersion { get; set; }

    /// <summary>Gets or sets the most bytes the Markdown report may have.</summary>
    public int MarkdownByteLimit { get; set; } = GitHubSummaryLimit;

    /// <summary>Gets or sets the most results a SARIF run lists.</summary>
    public int SarifResultLimit { get; set; } = SarifRunLimit;

    /// <summary>Gets or sets how many failing findings the HTML page lists as a plain table for readers with scripting off.</summary>
    public int HtmlStaticRowLimit { get; set; } = 1000;

    /// <summary>Gets or sets the clock (tests pin it).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
}
