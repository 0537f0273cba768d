using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Sends a stream of messages: one connection per profile (or up to
/// <see cref="SmtpDispatcherOptions.ConnectionsPerProfile"/> in parallel), each opened on first use,
/// authenticated once and reused; transient failures retried with backoff by the sender; one typed
/// <see cref="SmtpDeliveryOutcome"/> per message, carrying its input index. <see cref="CompleteAsync"/>
/// returns only after every in-flight send and every QUIT has finished; cancelling closes the
/// connections at once and still waits for every worker, so nothing runs after the caller has left.
/// </summary>
/// <remarks>
/// Policy: a TLS, certificate or credential failure would repeat for every message on that profile,
/// so it ends the profile: later messages for it fail at once with the same error, unsent (no second
/// login attempt with a rejected password).
/// </remarks>
public sealed class SmtpDispatcher : IDisposable
{
    private readonly SmtpDispatcherOptions _options;
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenRegistration _abortOnCancel;
    private readonly int _capacity;
    private readonly int _resumeAt;
    private readonly List<TaskCompletionSource<bool>> _roomWaiters = new();
    private readonly object _gate = new();
    private readonly Dictionary<SmtpProfile, Lane> _lanes = new();
    private readonly List<Task> _workers = new();
    private readonly TaskCompletionSource<bool> _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next;
    private int _queued;
    private bool _completing;
    private bool _disposed;

    /// <summary>Creates a dispatcher; nothing connects until the first message.</summary>
    /// <param name="options">How to send.</param>
    /// <param name="cancellationToken">Stops everything (Ctrl+C): open connections are closed at once.</param>
    public SmtpDispatcher(SmtpDispatcherOptions options, CancellationToken cancellationToken = default)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Enough queued messages to keep every connection busy while the caller prepares the next
        // ones, few enough that a large batch never sits in memory at once. A caller waiting for room
        // is woken once the queue is down to half, not per message: a wake-up per message cost the
        // caller's thread (PowerShell's pipeline thread) more CPU than preparing the message (issue 11).
        _capacity = Math.Max(32, options.ConnectionsPerProfile * 8);
        _resumeAt = _capacity / 2;
        _abortOnCancel = _cancel.Token.Register(AbortAll);
    }

    /// <summary>Gets a task that completes when every worker has finished (after <see cref="CompleteAsync"/> or cancellation).</summary>
    public Task Completion => _allDone.Task;

    /// <summary>Gets how many connections the dispatcher has opened so far.</summary>
    public int ConnectionsOpened
    {
        get
        {
            lock (_gate)
            {
                int total = 0;
                foreach (Lane lane in _lanes.Values)
                {
                    foreach (SecureMailSender sender in lane.Senders)
                    {
                        total += sender.ConnectionsOpened;
                    }

                    total += lane.ClosedConnections;
                }

                return total;
            }
        }
    }

    /// <summary>Queues a message; waits while the queue is full. Its outcome goes to <see cref="SmtpDispatcherOptions.OutcomeReady"/>.</summary>
    /// <param name="profile">The connection settings.</param>
    /// <param name="message">The message.</param>
    /// <param name="state">Anything the caller wants back with the outcome.</param>
    /// <param name="cancellationToken">Stops waiting for room in the queue.</param>
    /// <returns>The message's input index.</returns>
    public Task<long> EnqueueAsync(SmtpProfile profile, OutgoingMessage message, object? state = null, CancellationToken cancellationToken = default)
    {
        // Usually there is room: the message is queued at once, with no async machinery per message.
        ValueTask<WorkItem> submitted;
        try
        {
            submitted = SubmitAsync(profile, message, state, awaited: false, cancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OperationCanceledException)
        {
            // Refused before anything was queued: report it the way an async method does, in the returned task
            // (a cancelled one for a cancellation), so callers see the same thing on either path.
            return RefusedAsync(profile, message, state, cancellationToken);
        }

        return submitted.IsCompletedSuccessfully ? Task.FromResult(submitted.Result.Index) : IndexAsync(submitted);
    }

    /// <summary>Queues a message and waits for its outcome.</summary>
    /// <param name="profile">The connection settings.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The outcome.</returns>
    public async Task<SmtpDeliveryOutcome> SendAsync(SmtpProfile profile, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        WorkItem item = await SubmitAsync(profile, message, null, awaited: true, cancellationToken).ConfigureAwait(false);
        TaskCompletionSource<SmtpDeliveryOutcome> result = item.Result!;
        using (cancellationToken.Register(() => result.TrySetCanceled()))
        {
            return await result.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Takes no more messages and waits until every queued message is sent and every connection has said QUIT.</summary>
    /// <returns>A task.</returns>
    public Task CompleteAsync()
    {
        lock (_gate)
        {
            if (!_completing)
            {
                _completing = true;
                foreach (Lane lane in _lanes.Values)
                {
                    // One wake-up per worker on top of one per message: each worker exits on finding the queue empty.
                    lane.Items.Release(lane.WorkerCount);
                }

                WatchWorkers();
            }
        }

        return _allDone.Task;
    }

    /// <summary>Stops at once: closes every connection, drops queued messages (their outcome tasks are cancelled).</summary>
    public void Cancel()
    {
        if (!_disposed)
        {
            _cancel.Cancel();
        }
    }

    /// <summary>Cancels what is still running and waits (up to 30 s) for every worker, so no send outlives the dispatcher.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!_allDone.Task.IsCompleted)
        {
            _cancel.Cancel();
            lock (_gate)
            {
                _completing = true;
                WatchWorkers();
            }

            // Connections are already aborted: the workers end within moments; the bound is a guard.
            _allDone.Task.Wait(TimeSpan.FromSeconds(30));
        }

        _disposed = true;
        _abortOnCancel.Dispose();
        _cancel.Dispose();
        lock (_gate)
        {
            foreach (Lane lane in _lanes.Values)
            {
                lane.Items.Dispose();
            }
        }
    }

    private static SecureMailOpsException PartialError(SmtpSendReceipt receipt)
    {
        var missing = new List<string>();
        foreach (SmtpRecipientRejection rejection in receipt.RejectedRecipients)
        {
            missing.Add(rejection.ToString());
        }

        foreach (string address in receipt.DeliveryUnknownRecipients)
        {
            missing.Add(address + " (delivery unknown)");
        }

        return new SecureMailOpsException(SmtpErrorIds.PartiallyDelivered, FailureKind.ProtocolError,
            $"'{receipt.Subject}' was delivered to {string.Join(", ", receipt.AcceptedRecipients)} through {receipt.Server}, but not to: {string.Join("; ", missing)}. "
            + "It was not sent again to the accepted recipients.",
            receipt.RejectedRecipients.Count > 0 ? receipt.RejectedRecipients[0].Address : receipt.DeliveryUnknownRecipients[0]);
    }

    private static async Task<long> IndexAsync(ValueTask<WorkItem> submitted) => (await submitted.ConfigureAwait(false)).Index;

    // The same checks again inside an async method, which turns what they throw into the task's fault or cancellation.
    private async Task<long> RefusedAsync(SmtpProfile profile, OutgoingMessage message, object? state, CancellationToken cancellationToken) =>
        (await SubmitAsync(profile, message, state, awaited: false, cancellationToken).ConfigureAwait(false)).Index;

    private ValueTask<WorkItem> SubmitAsync(SmtpProfile profile, OutgoingMessage message, object? state, bool awaited, CancellationToken cancellationToken)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _cancel.Token.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_completing)
            {
                throw new InvalidOperationException("The dispatcher was completed; it takes no more messages.");
            }

            if (_queued < _capacity)
            {
                return new ValueTask<WorkItem>(Add(profile, message, state, awaited));
            }
        }

        return new ValueTask<WorkItem>(WaitForRoomAsync(profile, message, state, awaited, cancellationToken));
    }

    private async Task<WorkItem> WaitForRoomAsync(SmtpProfile profile, OutgoingMessage message, object? state, bool awaited, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _cancel.Token.ThrowIfCancellationRequested();
            TaskCompletionSource<bool> room;
            lock (_gate)
            {
                if (_completing)
                {
                    throw new InvalidOperationException("The dispatcher was completed; it takes no more messages.");
                }

                if (_queued < _capacity)
                {
                    return Add(profile, message, state, awaited);
                }

                room = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _roomWaiters.Add(room);
            }

            // The queue is full: wait until the workers have taken half of it.
            using (cancellationToken.Register(() => room.TrySetCanceled()))
            using (_cancel.Token.Register(() => room.TrySetCanceled()))
            {
                await room.Task.ConfigureAwait(false);
            }
        }
    }

    // Called under _gate.
    private WorkItem Add(SmtpProfile profile, OutgoingMessage message, object? state, bool awaited)
    {
        var item = new WorkItem(_next++, profile, message, state, awaited);
        if (!_lanes.TryGetValue(profile, out Lane? lane))
        {
            lane = new Lane(profile);
            _lanes[profile] = lane;
        }

        lane.Queue.Enqueue(item);
        _queued++;
        if (lane.WorkerCount < _options.ConnectionsPerProfile)
        {
            lane.WorkerCount++;
            _workers.Add(Task.Run(() => RunWorkerAsync(lane), CancellationToken.None));
        }

        lane.Items.Release();
        return item;
    }

    private async Task RunWorkerAsync(Lane lane)
    {
        var sender = new SecureMailSender(lane.Profile) { ResendWhenDeliveryUnknown = _options.ResendWhenDeliveryUnknown, Log = _options.Log };
        if (_options.MaxRetries is int retries)
        {
            sender.MaxRetries = retries;
        }

        lock (_gate)
        {
            lane.Senders.Add(sender);
        }

        CancellationToken token = _cancel.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await lane.Items.WaitAsync(token).ConfigureAwait(false);
                WorkItem? item = Take(lane);
                if (item is null)
                {
                    break;
                }

                SmtpDeliveryOutcome? outcome = await DeliverAsync(lane, sender, item, token).ConfigureAwait(false);
                if (outcome is null)
                {
                    break;
                }

                item.Result?.TrySetResult(outcome);
                _options.OutcomeReady?.Invoke(outcome);
            }

            if (!token.IsCancellationRequested)
            {
                using var quit = CancellationTokenSource.CreateLinkedTokenSource(token);
                quit.CancelAfter(lane.Profile.Timeout);
                await sender.DisconnectAsync(quit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped: the connection was closed under the send; leave without a QUIT.
        }
        finally
        {
            lock (_gate)
            {
                lane.Senders.Remove(sender);
                lane.ClosedConnections += sender.ConnectionsOpened;
            }

            sender.Dispose();
        }
    }

    private WorkItem? Take(Lane lane)
    {
        List<TaskCompletionSource<bool>>? wake = null;
        WorkItem? item = null;
        lock (_gate)
        {
            if (lane.Queue.Count > 0)
            {
                item = lane.Queue.Dequeue();
                _queued--;
                if (_queued <= _resumeAt && _roomWaiters.Count > 0)
                {
                    wake = new List<TaskCompletionSource<bool>>(_roomWaiters);
                    _roomWaiters.Clear();
                }
            }
        }

        // Outside the lock: the waiters continue on the thread pool (RunContinuationsAsynchronously).
        // Usually nobody waits: no list is made for that case (this runs once per message).
        if (wake is not null)
        {
            foreach (TaskCompletionSource<bool> waiter in wake)
            {
                waiter.TrySetResult(true);
            }
        }

        return item;
    }

    private async Task<SmtpDeliveryOutcome?> DeliverAsync(Lane lane, SecureMailSender sender, WorkItem item, CancellationToken token)
    {
        SecureMailOpsException? fatal;
        lock (_gate)
        {
            fatal = lane.Fatal;
        }

        if (fatal is not null)
        {
            var skipped = new SecureMailOpsException(fatal.ErrorId, fatal.Kind,
                $"Not sent: an earlier message through {lane.Profile.Server}:{lane.Profile.Port} failed with {fatal.ErrorId}, which would repeat for every message.", fatal.Target);
            return new SmtpDeliveryOutcome(item.Index, item.State, lane.Profile, SmtpDeliveryStatus.Failed, null, skipped, stopsProfile: false);
        }

        try
        {
            SmtpSendReceipt receipt = await sender.SendAsync(item.Message, token).ConfigureAwait(false);
            return receipt.Status == SmtpDeliveryStatus.Delivered
                ? new SmtpDeliveryOutcome(item.Index, item.State, lane.Profile, SmtpDeliveryStatus.Delivered, receipt, null, stopsProfile: false)
                : new SmtpDeliveryOutcome(item.Index, item.State, lane.Profile, SmtpDeliveryStatus.PartiallyDelivered, receipt, PartialError(receipt), stopsProfile: false);
        }
        catch (SecureMailOpsException ex)
        {
            bool stops = ex.Kind is FailureKind.SecurityError or FailureKind.AuthenticationError;
            if (stops)
            {
                lock (_gate)
                {
                    lane.Fatal ??= ex;
                }
            }

            SmtpDeliveryStatus status = string.Equals(ex.ErrorId, SmtpErrorIds.DeliveryUnknown, StringComparison.Ordinal) ? SmtpDeliveryStatus.DeliveryUnknown : SmtpDeliveryStatus.Failed;
            return new SmtpDeliveryOutcome(item.Index, item.State, lane.Profile, status, null, ex, stops);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            item.Result?.TrySetCanceled(token);
            return null;
        }
    }

    private void AbortAll()
    {
        lock (_gate)
        {
            foreach (Lane lane in _lanes.Values)
            {
                foreach (SecureMailSender sender in lane.Senders)
                {
                    sender.Abort();
                }

                while (lane.Queue.Count > 0)
                {
                    lane.Queue.Dequeue().Result?.TrySetCanceled();
                    _queued--;
                }
            }
        }
    }

    // Called under _gate once no more workers can be added.
    private void WatchWorkers()
    {
        Task[] workers = _workers.ToArray();
        _ = Task.WhenAll(workers).ContinueWith(
            t =>
            {
                // Observed here so a worker's fault can never go unobserved; workers catch what they expect.
                _ = t.Exception;
                _allDone.TrySetResult(true);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed class Lane
    {
        public Lane(SmtpProfile profile)
        {
            Profile = profile;
        }

        public SmtpProfile Profile { get; }

        public Queue<WorkItem> Queue { get; } = new();

        public SemaphoreSlim Items { get; } = new(0);

        public List<SecureMailSender> Senders { get; } = new();

        public int WorkerCount { get; set; }

        public int ClosedConnections { get; set; }

        public SecureMailOpsException? Fatal { get; set; }
    }

    private sealed class WorkItem
    {
        public WorkItem(long index, SmtpProfile profile, OutgoingMessage message, object? state, bool awaited)
        {
            Index = index;
            Profile = profile;
            Message = message;
            State = state;

            // Only SendAsync waits on a message's own task; queued messages report through OutcomeReady alone.
            Result = awaited ? new TaskCompletionSource<SmtpDeliveryOutcome>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        }

        public long Index { get; }

        public SmtpProfile Profile { get; }

        public OutgoingMessage Message { get; }

        public object? State { get; }

        public TaskCompletionSource<SmtpDeliveryOutcome>? Result { get; }
    }
}
