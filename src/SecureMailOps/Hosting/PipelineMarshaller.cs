using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Hosting;

/// <summary>
/// Runs work handed over from worker threads on the one thread that owns it (a cmdlet's pipeline thread,
/// where PowerShell allows Write* and ShouldProcess), while that thread waits for a task. No PowerShell
/// reference, so xunit reaches it. Two kinds of hand-over: <see cref="Post"/> wakes the owner at once (a
/// prompt, a wake-up); <see cref="PostLazy"/> (per-message output) wakes it only every
/// <see cref="LazyBatch"/> items or within <see cref="LazyLatency"/>, because a wake-up per message
/// costs the pipeline thread more CPU than writing the message's output. Order is kept across both.
/// </summary>
/// <remarks>
/// The owner waits on an AutoResetEvent, not a SemaphoreSlim or BlockingCollection: those spin before
/// blocking, and a pipeline thread woken hundreds of times a second spent most of its CPU spinning
/// (measured, issue 11).
/// </remarks>
internal sealed class PipelineMarshaller : IDisposable
{
    /// <summary>How many lazily posted items wake the owner.</summary>
    public const int LazyBatch = 32;

    /// <summary>The longest a lazily posted item waits before the owner runs it.</summary>
    public static readonly TimeSpan LazyLatency = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _gate = new();
    private int _lazy;
    private bool _closed;

    /// <summary>Creates a marshaller owned by the calling thread.</summary>
    public PipelineMarshaller()
    {
        OwnerThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Gets the managed id of the owning thread.</summary>
    public int OwnerThreadId { get; }

    /// <summary>Gets a value indicating whether the caller is the owning thread.</summary>
    public bool OnOwnerThread => Environment.CurrentManagedThreadId == OwnerThreadId;

    /// <summary>Queues an action for the owner and wakes it. Safe from any thread; dropped once closed.</summary>
    /// <param name="action">The action.</param>
    /// <returns>False when the marshaller is closed and the action was dropped.</returns>
    public bool Post(Action action) => Enqueue(action, lazy: false);

    /// <summary>Queues an action for the owner without waking it for this one alone (see the class remarks).</summary>
    /// <param name="action">The action.</param>
    /// <returns>False when the marshaller is closed and the action was dropped.</returns>
    public bool PostLazy(Action action) => Enqueue(action, lazy: true);

    /// <summary>Runs a function on the owner (directly when already on it) and hands its result back.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The function, run on the owning thread.</param>
    /// <param name="cancellationToken">Cancels the returned task (the owner may then never run the function).</param>
    /// <returns>The function's result; cancelled when it threw (the exception goes on on the owner) or the token fired.</returns>
    public Task<T> InvokeAsync<T>(Func<T> function, CancellationToken cancellationToken)
    {
        if (function is null)
        {
            throw new ArgumentNullException(nameof(function));
        }

        if (OnOwnerThread)
        {
            return Task.FromResult(function());
        }

        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = cancellationToken.Register(() => answer.TrySetCanceled());
        bool queued = Post(() =>
        {
            registration.Dispose();
            if (answer.Task.IsCompleted)
            {
                return;
            }

            try
            {
                answer.TrySetResult(function());
            }
            catch
            {
                // The exception (a stopped pipeline, a terminating error) belongs to the owner; the asker only learns it got no answer.
                answer.TrySetCanceled();
                throw;
            }
        });
        if (!queued)
        {
            registration.Dispose();
            answer.TrySetCanceled(CancellationToken.None);
        }

        return answer.Task;
    }

    /// <summary>On the owning thread: runs posted actions until the task completes, then the ones still queued.</summary>
    /// <param name="task">The task.</param>
    public void WaitPumping(Task task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        if (!task.IsCompleted)
        {
            _ = task.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        while (true)
        {
            RunPending();
            if (task.IsCompleted)
            {
                RunPending();
                return;
            }

            // Bounded so lazily posted output never waits longer than LazyLatency.
            _wake.WaitOne(LazyLatency);
        }
    }

    /// <summary>On the owning thread: runs every action posted so far without waiting for more.</summary>
    public void RunPending()
    {
        while (_pending.TryDequeue(out Action? action))
        {
            action();
        }
    }

    /// <summary>Takes no more actions; the ones still queued are dropped.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        _wake.Dispose();
    }

    private bool Enqueue(Action action, bool lazy)
    {
        if (action is null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _pending.Enqueue(action);
            if (!lazy || ++_lazy >= LazyBatch)
            {
                _lazy = 0;
                _wake.Set();
            }

            return true;
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _wake.Set();
            }
        }
    }
}
