using System.Diagnostics;
using System.Management.Automation;

namespace SecureMailOps.Hosting;

/// <summary>Write-Progress for long record streams, at most a few times a second so progress never costs more than the work.</summary>
internal sealed class ProgressReporter
{
    private const long CheckEvery = 1000;
    private const long IntervalMs = 250;
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _shown;

    public ProgressReporter(Cmdlet cmdlet, int activityId, string activity, string status)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, string.IsNullOrEmpty(status) ? activity : status);
    }

    /// <summary>Gets whether it is time to report (cheap: checked per record before any status text is built).</summary>
    public bool IsDue(long count) => count % CheckEvery == 0 && IsDue();

    /// <summary>Gets whether it is time to report, for callers that check once per batch, not per record.</summary>
    public bool IsDue() => _clock.ElapsedMilliseconds >= IntervalMs;

    /// <summary>Reports progress; the percentage comes from the bytes read when the total is known.</summary>
    public void Report(long position, long length, string status)
    {
        _clock.Restart();
        _record.StatusDescription = status;
        _record.PercentComplete = length > 0 ? (int)System.Math.Min(99, position * 100 / length) : -1;
        _cmdlet.WriteProgress(_record);
        _shown = true;
    }

    public void Complete()
    {
        if (_shown)
        {
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
