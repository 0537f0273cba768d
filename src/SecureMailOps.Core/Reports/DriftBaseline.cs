using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A previous run's JSON report, read to mark each finding New, Fixed, StillFailing or Unchanged.
/// Only the baseline's failing rule x target keys are kept (a finding that was not failing before is
/// treated the same whether it was there or not), so memory follows the baseline's failures, not its size.
/// </summary>
public sealed class DriftBaseline
{
    private readonly Dictionary<string, bool> _failing;

    private DriftBaseline(string path, DateTimeOffset? generatedAt, Dictionary<string, bool> failing)
    {
        Path = path;
        GeneratedAt = generatedAt;
        _failing = failing;
    }

    /// <summary>Gets the baseline file.</summary>
    public string Path { get; }

    /// <summary>Gets when the baseline report was written.</summary>
    public DateTimeOffset? GeneratedAt { get; }

    /// <summary>Gets the number of failing findings in the baseline.</summary>
    public int FailingCount => _failing.Count;

    /// <summary>Gets the baseline's failing findings not matched by any finding so far (their rule x target is gone).</summary>
    public long GoneFailing
    {
        get
        {
            long gone = 0;
            foreach (bool seen in _failing.Values)
            {
                gone += seen ? 0 : 1;
            }

            return gone;
        }
    }

    /// <summary>Gets the baseline's findings that were not evaluated this time (counted among its failing ones).</summary>
    public long Gone => GoneFailing;

    /// <summary>Reads a JSON report.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="SecureMailOpsException">The file is missing or not a JSON report (with the line and position).</exception>
    public static DriftBaseline Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (!File.Exists(path))
        {
            throw new SecureMailOpsException(ReportErrorIds.BaselineNotFound, FailureKind.ObjectNotFound, "The baseline report '" + path + "' does not exist.", path);
        }

        BaselineDocument? document;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536);
            document = JsonSerializer.Deserialize<BaselineDocument>(stream, ReportJson.Options);
        }
        catch (JsonException ex)
        {
            throw new SecureMailOpsException(
                ReportErrorIds.BaselineInvalid,
                FailureKind.InvalidData,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, "The baseline '{0}' is not a JSON report: {1} (line {2}, byte {3}).", path, FirstSentence(ex.Message), (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1),
                path,
                ex);
        }
        catch (IOException ex)
        {
            throw new SecureMailOpsException(ReportErrorIds.BaselineInvalid, FailureKind.ReadError, "The baseline '" + path + "' cannot be read: " + ex.Message, path, ex);
        }

        if (document is null || !string.Equals(document.Kind, ReportJson.Kind, StringComparison.Ordinal) || document.Findings is null)
        {
            throw new SecureMailOpsException(ReportErrorIds.BaselineInvalid, FailureKind.InvalidData,
                "The baseline '" + path + "' is not a SecureMailOps JSON report (kind '" + ReportJson.Kind + "' with a findings list); write one with Export-SecurityReport -Format Json.", path);
        }

        if (document.SchemaVersion is null || !document.SchemaVersion.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new SecureMailOpsException(ReportErrorIds.BaselineInvalid, FailureKind.InvalidData,
                "The baseline '" + path + "' has schemaVersion '" + document.SchemaVersion + "'; this version reads 1.x.", path);
        }

        return new DriftBaseline(path, document.GeneratedAt, document.Findings.Failing);
    }

    /// <summary>Classifies a finding against the baseline.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Its drift status.</returns>
    public DriftStatus Classify(PolicyFinding finding)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        string key = Key(finding.RuleId, finding.TargetKind, finding.TargetName);
        bool failingNow = finding.Outcome is FindingOutcome.Fail or FindingOutcome.Error;
        if (_failing.ContainsKey(key))
        {
            _failing[key] = true;
            return failingNow ? DriftStatus.StillFailing : DriftStatus.Fixed;
        }

        return failingNow ? DriftStatus.New : DriftStatus.Unchanged;
    }

    internal static string Key(string ruleId, TargetKind kind, string target) =>
        ruleId.ToUpperInvariant() + "\u001f" + ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\u001f" + target;

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message.Substring(0, end);
    }

    private sealed class BaselineDocument
    {
        public string? Kind { get; set; }

        public string? SchemaVersion { get; set; }

        public DateTimeOffset? GeneratedAt { get; set; }

        public FailingKeys? Findings { get; set; }
    }

    private sealed class BaselineFinding
    {
        public string? RuleId { get; set; }

        public TargetKind TargetKind { get; set; }

        public string? Target { get; set; }

        public FindingOutcome Outcome { get; set; }
    }

    // The serializer adds each finding as it reads it; only failing ones are kept, so the baseline's
    // findings are never all in memory at once.
    private sealed class FailingKeys : ICollection<BaselineFinding>
    {
        public Dictionary<string, bool> Failing { get; } = new(StringComparer.Ordinal);

        public int Count => Failing.Count;

        public bool IsReadOnly => false;

        public void Add(BaselineFinding item)
        {
            if (item.RuleId is null || item.Target is null)
            {
                throw new JsonException("A finding has no ruleId or target.");
            }

            if (item.Outcome is FindingOutcome.Fail or FindingOutcome.Error)
            {
                Failing[Key(item.RuleId, item.TargetKind, item.Target)] = false;
            }
        }

        public void Clear() => Failing.Clear();

        public bool Contains(BaselineFinding item) => throw new NotSupportedException();

        public void CopyTo(BaselineFinding[] array, int arrayIndex) => throw new NotSupportedException();

        public bool Remove(BaselineFinding item) => throw new NotSupportedException();

        // The serializer enumerates only to describe where an error is: nothing is kept to show.
        public IEnumerator<BaselineFinding> GetEnumerator() => System.Linq.Enumerable.Empty<BaselineFinding>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
