using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Commands;
using SecureMailOps.Core.Errors;
using Xunit;

namespace SecureMailOps.Hosting.Tests;

/// <summary>
/// The async cmdlet base (<see cref="AsyncSecureMailOpsCmdlet"/>) inside a real PowerShell runspace: what a
/// worker thread reports (an error record, progress, verbose, output) reaches the pipeline's streams, each
/// written on the pipeline thread (PowerShell refuses Write* from other threads); a worker's fault becomes a
/// terminating error of the command; and Dispose waits for tracked work that outlives a terminating error.
/// </summary>
public sealed class AsyncCmdletMarshallingTests
{
    private static readonly string[] ErrorTargets = { "0", "10", "20", "30" };

    [Fact]
    public void WorkerErrorsProgressVerboseAndOutputReachThePipelineFromThePipelineThread()
    {
        using PowerShell ps = Shell();
        ps.AddCommand("Invoke-MarshallingProbe").AddParameter("Items", 40).AddParameter("Verbose");
        var output = ps.Invoke().Select(o => (int)o.BaseObject).ToList();

        Assert.Equal(Enumerable.Range(0, 40), output);
        Assert.Equal(4, ps.Streams.Error.Count);
        Assert.All(ps.Streams.Error, e => Assert.Equal(ProbeCommand.ErrorId, e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(ErrorTargets, ps.Streams.Error.Select(e => e.TargetObject?.ToString()));
        Assert.Equal(ErrorCategory.ConnectionError, ps.Streams.Error[0].CategoryInfo.Category);
        Assert.Contains(ps.Streams.Progress, p => p.Activity == "Probe" && p.PercentComplete == 50);
        Assert.Contains(ps.Streams.Verbose, v => v.Message == "worker started");
        ProbeCommand probe = ProbeCommand.Last!;
        Assert.NotEqual(probe.PipelineThread, probe.WorkerThread);
        Assert.All(probe.WrittenOn, id => Assert.Equal(probe.PipelineThread, id));
        Assert.Equal(40 + 4 + 1 + 1, probe.WrittenOn.Count);
    }

    [Fact]
    public void AWorkersFaultBecomesATerminatingErrorAfterWhatItPostedBeforeIt()
    {
        using PowerShell ps = Shell();
        ps.AddCommand("Invoke-MarshallingProbe").AddParameter("Items", 5).AddParameter("FailAfter", 3);
        var ex = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());

        Assert.Contains("worker failed after 3", ex.Message, StringComparison.Ordinal);
        ProbeCommand probe = ProbeCommand.Last!;
        Assert.Equal(1 + 3 + 1, probe.WrittenOn.Count); // verbose, items 0-2, the error for item 0
        Assert.All(probe.WrittenOn, id => Assert.Equal(probe.PipelineThread, id));
    }

    [Fact]
    public void DisposeWaitsForTrackedWorkCancelledByATerminatingError()
    {
        using PowerShell ps = Shell();
        ps.AddCommand("Invoke-MarshallingProbe").AddParameter("Items", 1).AddParameter("Linger");
        Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());

        ProbeCommand probe = ProbeCommand.Last!;
        Assert.True(probe.Lingering.IsCompleted, "Dispose returned before the tracked task had finished.");
        Assert.True(probe.LingerSawCancellation);
    }

    private static PowerShell Shell()
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Invoke-MarshallingProbe", typeof(ProbeCommand), null));
        return PowerShell.Create(state);
    }

    /// <summary>A minimal async cmdlet: one worker on the thread pool posts everything it reports.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "MarshallingProbe")]
    public sealed class ProbeCommand : AsyncSecureMailOpsCmdlet
    {
        public const string ErrorId = "ProbeWorkerError";

        public static ProbeCommand? Last { get; private set; }

        [Parameter]
        public int Items { get; set; }

        [Parameter]
        public int FailAfter { get; set; } = -1;

        [Parameter]
        public SwitchParameter Linger { get; set; }

        public int PipelineThread { get; private set; }

        public int WorkerThread { get; private set; }

        public ConcurrentQueue<int> WrittenOn { get; } = new();

        public Task Lingering { get; private set; } = Task.CompletedTask;

        public bool LingerSawCancellation { get; private set; }

        protected override void BeginProcessing()
        {
            Last = this;
            PipelineThread = Environment.CurrentManagedThreadId;
        }

        protected override void EndProcessing()
        {
            if (Linger.IsPresent)
            {
                CancellationToken token = CancelToken;
                Lingering = Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(20), token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        await Task.Delay(300, CancellationToken.None).ConfigureAwait(false);
                        LingerSawCancellation = true;
                    }
                });
                TrackBackground(Lingering);
                ThrowEngineError(new SecureMailOpsException(ErrorId, FailureKind.ConnectionError, "stopping with work still running"));
            }

            Await(Task.Run(() =>
            {
                WorkerThread = Environment.CurrentManagedThreadId;
                Post(() => Write(() => WriteVerbose("worker started")));
                for (int i = 0; i < Items; i++)
                {
                    if (i == FailAfter)
                    {
                        throw new InvalidOperationException($"worker failed after {i}");
                    }

                    int n = i;
                    PostOutput(() => Write(() => WriteObject(n)));
                    if (n % 10 == 0)
                    {
                        PostOutput(() => Write(() => WriteEngineError(new SecureMailOpsException(ErrorId, FailureKind.ConnectionError, $"item {n} failed"), n)));
                    }

                    if (n == Items / 2 && Items >= 10)
                    {
                        Post(() => Write(() => WriteProgress(new ProgressRecord(1, "Probe", "half") { PercentComplete = 50 })));
                    }
                }
            }));
        }

        private void Write(Action write)
        {
            WrittenOn.Enqueue(Environment.CurrentManagedThreadId);
            write();
        }
    }
}
