using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Base for cmdlets that wait on network I/O. Work runs as tasks on the thread pool; anything it
/// wants to write (objects, errors, verbose, progress) or ask (ShouldProcess) is posted here and run
/// on the pipeline thread while the cmdlet waits, because PowerShell allows Write* and ShouldProcess
/// only from that thread (the hand-over itself is <see cref="PipelineMarshaller"/>, tested in xunit).
/// Ctrl+C (StopProcessing) cancels the token every task receives; Dispose cancels too and then waits
/// for every task registered with <see cref="TrackBackground"/>, so no send or QUIT outlives the cmdlet
/// and no task's fault goes unobserved. Modelled on jborean93's AsyncPSCmdlet
/// (PowerShell-OpenAuthenticode), reduced to what these cmdlets need.
/// </summary>
public abstract class AsyncSecureMailOpsCmdlet : SecureMailOpsCmdlet, IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private readonly PipelineMarshaller _marshaller = new();
    private readonly List<Task> _background = new();
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Gets the token cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancelToken => _stopping.Token;

    /// <summary>Queues an action (a prompt, a Write* call) to run on the pipeline thread and wakes it. Safe from any thread; dropped once the cmdlet is disposed.</summary>
    /// <param name="action">The action.</param>
    protected void Post(Action action) => _marshaller.Post(action);

    /// <summary>
    /// Queues per-item output (a receipt, a per-message error) for the pipeline thread without waking it for
    /// this item alone: it runs within 50 ms, or sooner once a few dozen have queued. Order with <see cref="Post"/> is kept.
    /// </summary>
    /// <param name="action">The action.</param>
    protected void PostOutput(Action action) => _marshaller.PostLazy(action);

    /// <summary>Asks ShouldProcess on the pipeline thread, from any thread (directly when already on it).</summary>
    /// <param name="target">What is acted on.</param>
    /// <param name="action">What would be done.</param>
    /// <returns>The user's answer; cancelled when the pipeline stops.</returns>
    protected Task<bool> ShouldProcessAsync(string target, string action) =>
        _marshaller.InvokeAsync(() => ShouldProcess(target, action), CancelToken);

    /// <summary>Registers a task that Dispose waits for (after cancelling), so it never outlives the cmdlet.</summary>
    /// <param name="task">The task.</param>
    protected void TrackBackground(Task task)
    {
        lock (_gate)
        {
            _background.Add(task ?? throw new ArgumentNullException(nameof(task)));
        }
    }

    /// <summary>Waits for a task on the pipeline thread, running posted actions meanwhile; returns its result or rethrows its exception.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The task's result.</returns>
    protected T Await<T>(Task<T> task)
    {
        _marshaller.WaitPumping(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for a task on the pipeline thread, running posted actions meanwhile; rethrows its exception.</summary>
    /// <param name="task">The task.</param>
    protected void Await(Task task)
    {
        _marshaller.WaitPumping(task);
        task.GetAwaiter().GetResult();
    }

    /// <summary>Runs every action posted so far without waiting for more.</summary>
    protected void PumpPending() => _marshaller.RunPending();

    /// <inheritdoc />
    protected override void StopProcessing() => _stopping.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels, waits for the tracked tasks, then releases the cancellation source and the queue.</summary>
    /// <param name="disposing">True when called from Dispose.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _stopping.Cancel();
            Task[] background;
            lock (_gate)
            {
                background = _background.ToArray();
            }

            if (background.Length > 0)
            {
                Task all = Task.WhenAll(background);

                // Observe any fault; what the tasks had to report went out while the cmdlet ran.
                _ = all.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                all.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Wait(DisposeWait);
            }

            _marshaller.Dispose();
            _stopping.Dispose();
        }
    }
}
