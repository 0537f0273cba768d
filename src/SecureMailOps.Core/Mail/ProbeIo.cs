using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// The probe's time limit per network step, and cancellation: when a step runs out of time or the
/// caller cancels, the connection is closed, which ends the pending read, write or handshake at once
/// (an SslStream handshake takes no token on netstandard2.0).
/// </summary>
internal sealed class ProbeIo : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _step;
    private readonly CancellationTokenRegistration _onCancel;
    private readonly Action _close;
    private int _timedOut;

    public ProbeIo(TimeSpan timeout, Action close, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        _close = close;
        _step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _onCancel = _step.Token.Register(Close);
    }

    public CancellationToken Token => _step.Token;

    public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    public Task Step(Task task) => StepCore(task);

    public async Task<T> Step<T>(Task<T> task)
    {
        await StepCore(task).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _onCancel.Dispose();
        _step.Dispose();
    }

    private async Task StepCore(Task task)
    {
        if (!task.IsCompleted)
        {
            using var delay = new CancellationTokenSource();
            Task finished = await Task.WhenAny(task, Task.Delay(_timeout, delay.Token)).ConfigureAwait(false);
            if (finished != task)
            {
                Interlocked.Exchange(ref _timedOut, 1);
                Close();
                _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw new IOException("The server did not answer in time.", new TimeoutException());
            }

            delay.Cancel();
        }

        await task.ConfigureAwait(false);
    }

    private void Close()
    {
        try
        {
            _close();
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }
    }
}
