using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Commands;

/// <summary>
/// Base for cmdlets that wait on network I/O. Work runs as tasks on the thread pool; anything it
/// wants to write (objects, errors, verbose, progress) is posted here and run on the pipeline
/// thread while the cmdlet waits, because PowerShell allows Write* calls only from that thread.
/// Ctrl+C (StopProcessing) cancels the token every task receives. Modelled on jborean93's
/// AsyncPSCmdlet (PowerShell-OpenAuthenticode), reduced to what these cmdlets need.
/// </summary>
public abstract class AsyncSecureMailOpsCmdlet : SecureMailOpsCmdlet, IDisposable
{
    private static readonly Action Wake = () => { };
    private readonly CancellationTokenSource _stopping = new();
    private readonly BlockingCollection<Action> _pending = new();
    private bool _disposed;

    /// <summary>Gets the token cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancelToken => _stopping.Token;

    /// <summary>Queues an action (typically a Write* call) to run on the pipeline thread. Safe from any thread.</summary>
    /// <param name="action">The action.</param>
    protected void Post(Action action)
    {
        if (!_pending.IsAddingCompleted)
        {
            _pending.Add(action);
        }
    }

    /// <summary>Waits for a task on the pipeline thread, running posted actions meanwhile; returns its result or rethrows its exception.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The task's result.</returns>
    protected T Await<T>(Task<T> task)
    {
        WaitPumping(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for a task on the pipeline thread, running posted actions meanwhile; rethrows its exception.</summary>
    /// <param name="task">The task.</param>
    protected void Await(Task task)
    {
        WaitPumping(task);
        task.GetAwaiter().GetResult();
    }

    /// <summary>Runs every action posted so far without waiting for more.</summary>
    protected void PumpPending()
    {
        while (_pending.TryTake(out Action? action))
        {
            action();
        }
    }

    /// <summary>Runs posted actions until one arrives or the timeout passes.</summary>
    /// <param name="millisecondsTimeout">How long to wait for an action.</param>
    protected void PumpOnce(int millisecondsTimeout)
    {
        if (_pending.TryTake(out Action? action, millisecondsTimeout))
        {
            action();
            PumpPending();
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stopping.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source and the queue.</summary>
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
            _stopping.Dispose();
            _pending.Dispose();
        }
    }

    private void WaitPumping(Task task)
    {
        if (!task.IsCompleted)
        {
            _ = task.ContinueWith(_ => Post(Wake), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        while (true)
        {
            if (_pending.TryTake(out Action? action, task.IsCompleted ? 0 : Timeout.Infinite))
            {
                action();
                continue;
            }

            if (task.IsCompleted)
            {
                return;
            }
        }
    }
}
