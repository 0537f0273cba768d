using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// What Assert-SecurityPolicy tells the CI system it runs in: an annotation per failing finding (an
/// error at or above the gate's severity, a warning below it), pointing at the inventory file and
/// line the record came from; and, on GitHub, the Markdown summary appended to the file named by
/// GITHUB_STEP_SUMMARY. Outside CI it does nothing.
/// </summary>
public sealed class CiAnnotations : IDisposable
{
    /// <summary>The most annotations one run writes (GitHub shows 10 errors per step and 50 per job).</summary>
    public const int Limit = 50;

    private readonly CiSystem _system;
    private readonly Severity _threshold;
    private readonly string? _workspace;
    private SecurityReportExporter? _stepSummary;
    private long _failing;
    private int _written;

    private CiAnnotations(CiSystem system, Severity threshold, string? workspace, SecurityReportExporter? stepSummary)
    {
        _system = system;
        _threshold = threshold;
        _workspace = workspace;
        _stepSummary = stepSummary;
    }

    /// <summary>Gets the CI system detected.</summary>
    public CiSystem System => _system;

    /// <summary>Gets a value indicating whether a step summary is being written.</summary>
    public bool WritesStepSummary => _stepSummary is not null;

    /// <summary>Detects the CI system from the environment.</summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="threshold">The gate's severity: failures at or above it are errors, below it warnings.</param>
    /// <param name="title">The step summary's title.</param>
    /// <returns>The annotator (doing nothing outside CI).</returns>
    /// <exception cref="Errors.SecureMailOpsException">GITHUB_STEP_SUMMARY names a file that cannot be written.</exception>
    public static CiAnnotations FromEnvironment(Func<string, string?> environment, Severity threshold, string title)
    {
        if (environment is null)
        {
            throw new ArgumentNullException(nameof(environment));
        }

        CiSystem system = string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) ? CiSystem.GitHubActions
            : string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) ? CiSystem.AzurePipelines
            : CiSystem.None;
        string? workspace = system switch
        {
            CiSystem.GitHubActions => environment("GITHUB_WORKSPACE"),
            CiSystem.AzurePipelines => environment("BUILD_SOURCESDIRECTORY"),
            _ => null,
        };
        string? summaryPath = environment("GITHUB_STEP_SUMMARY");
        SecurityReportExporter? stepSummary = string.IsNullOrEmpty(summaryPath) ? null
            : new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.Markdown, summaryPath!, append: true) }, new ReportOptions { Title = title });
        return new CiAnnotations(system, threshold, workspace, stepSummary);
    }

    /// <summary>Takes one finding; returns the annotation line to write to the log, or null.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>The line, or null.</returns>
    public string? Add(PolicyFinding finding)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        _stepSummary?.Add(finding);
        if (_system == CiSystem.None || finding.Outcome is not (FindingOutcome.Fail or FindingOutcome.Error))
        {
            return null;
        }

        _failing++;
        if (_written >= Limit)
        {
            return null;
        }

        _written++;
        return Format(finding);
    }

    /// <summary>Finishes: writes the step summary and returns a last line when annotations were left out.</summary>
    /// <returns>The lines to write, possibly none.</returns>
    public IReadOnlyList<string> Complete()
    {
        var lines = new List<string>();
        if (_stepSummary is not null)
        {
            _stepSummary.Complete();
            _stepSummary.Dispose();
            _stepSummary = null;
        }

        if (_failing > _written)
        {
            string message = string.Format(CultureInfo.InvariantCulture, "{0:N0} more failing findings are not annotated (at most {1} are); Export-SecurityReport lists them all.", _failing - _written, Limit);
            lines.Add(_system == CiSystem.GitHubActions ? "::notice::" + GitHubData(message) : "##vso[task.logissue type=warning]" + AzureValue(message));
        }

        return lines;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stepSummary?.Dispose();
        _stepSummary = null;
    }

    private string Format(PolicyFinding finding)
    {
        bool error = finding.Severity >= _threshold;
        SourceLocation location = SourceLocation.Parse(finding.TargetSource);
        string? file = location.File is null ? null : Relative(location.File);
        string title = finding.RuleId + " " + finding.Title;
        string message = finding.Outcome + " [" + finding.Severity + "] " + finding.TargetKind + " " + finding.TargetName + ": " + finding.Reason + " Remediation: " + finding.Remediation;
        var line = new StringBuilder();
        if (_system == CiSystem.GitHubActions)
        {
            line.Append(error ? "::error " : "::warning ");
            if (file is not null)
            {
                line.Append("file=").Append(GitHubProperty(file)).Append(',');
                if (location.Line > 0)
                {
                    line.Append("line=").Append(location.Line.ToString(CultureInfo.InvariantCulture)).Append(',');
                }
            }

            line.Append("title=").Append(GitHubProperty(title)).Append("::").Append(GitHubData(message));
        }
        else
        {
            line.Append("##vso[task.logissue type=").Append(error ? "error" : "warning").Append(';');
            if (file is not null)
            {
                line.Append("sourcepath=").Append(AzureValue(file)).Append(';');
                if (location.Line > 0)
                {
                    line.Append("linenumber=").Append(location.Line.ToString(CultureInfo.InvariantCulture)).Append(';');
                }
            }

            line.Append("code=").Append(AzureValue(finding.RuleId)).Append(';').Append(']').Append(AzureValue(title + ": " + message));
        }

        return line.ToString();
    }

    private string Relative(string file)
    {
        if (_workspace is null)
        {
            return file;
        }

        string full = Path.GetFullPath(file);
        string root = Path.GetFullPath(_workspace).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/') : file;
    }

    // GitHub's workflow command escaping (actions/toolkit, command.ts): data escapes % CR LF; properties also : and ,.
    private static string GitHubData(string value) => Escape(value, c => c switch
    {
        '%' => "%25",
        '\r' => "%0D",
        '\n' => "%0A",
        _ => null,
    });

    private static string GitHubProperty(string value) => Escape(value, c => c switch
    {
        '%' => "%25",
        '\r' => "%0D",
        '\n' => "%0A",
        ':' => "%3A",
        ',' => "%2C",
        _ => null,
    });

    // Azure Pipelines' logging command escaping (azure-pipelines-task-lib): % ; CR LF ].
    private static string AzureValue(string value) => Escape(value, c => c switch
    {
        '%' => "%AZP25",
        ';' => "%3B",
        '\r' => "%0D",
        '\n' => "%0A",
        ']' => "%5D",
        _ => null,
    });

    private static string Escape(string value, Func<char, string?> map)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            string? replacement = map(c);
            if (replacement is not null)
            {
                text.Append(replacement);
            }
            else if (char.IsControl(c))
            {
                text.Append(' ');
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
