using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Reads an inventory on a worker thread while the caller (the pipeline thread) evaluates and writes:
/// parsing and evaluation overlap on two cores. Records and per-record errors come out in file order,
/// in small batches through a bounded queue, so at most a few thousand records are in memory whatever
/// the file size. An exception that ends the reading is rethrown to the caller at the point in the
/// stream where it happened. Dispose stops the worker before the reader is disposed.
/// </summary>
public sealed class InventoryReadAhead : IDisposable
{
    // Batches keep the hand-over cost per record negligible; the bound keeps memory flat.
    private const int BatchSize = 64;
    private const int MaxBatches = 4;
    private readonly InventoryReader _reader;
    private readonly BlockingCollection<Batch> _batches = new(MaxBatches);
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _worker;
    private Batch? _current;
    private int _index;
    private bool _disposed;

    /// <summary>Starts reading ahead.</summary>
    /// <param name="reader">The opened inventory; dispose it after this.</param>
    public InventoryReadAhead(InventoryReader reader)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _worker = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Gets how far reading had got when the current batch was read, in bytes (for progress).</summary>
    public long Position { get; private set; }

    /// <summary>Takes the next record or record error, in file order.</summary>
    /// <param name="record">The record, or null when this item is an error.</param>
    /// <param name="error">The error of a record that cannot be used, or null.</param>
    /// <returns>False at the end of the inventory.</returns>
    /// <exception cref="SecureMailOpsException">The inventory cannot be read any further.</exception>
    public bool TryTake(out InventoryRecord? record, out SecureMailOpsException? error)
    {
        while (true)
        {
            if (_current is not null)
            {
                if (_index < _current.Items.Count)
                {
                    object item = _current.Items[_index++];
                    record = item as InventoryRecord;
                    error = item as SecureMailOpsException;
                    return true;
                }

                ExceptionDispatchInfo? failure = _current.Failure;
                _current = null;
                failure?.Throw();
            }

            if (!_batches.TryTake(out _current, Timeout.Infinite))
            {
                record = null;
                error = null;
                return false;
            }

            _index = 0;
            Position = _current.Position;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cancel.Cancel();
        _worker.Wait();
        _batches.Dispose();
        _cancel.Dispose();
    }

    private void Produce()
    {
        var batch = new Batch();
        try
        {
            foreach (InventoryRecord record in _reader.ReadRecords(error => batch.Items.Add(error)))
            {
                batch.Items.Add(record);
                if (batch.Items.Count >= BatchSize)
                {
                    batch.Position = _reader.Position;
                    _batches.Add(batch, _cancel.Token);
                    batch = new Batch();
                }
            }

            batch.Position = _reader.Position;
            _batches.Add(batch, _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The caller stopped reading (pipeline stopped, or an error ended it): nobody takes the rest.
        }
#pragma warning disable CA1031 // Any failure is handed to the caller's thread and rethrown there, in order.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            batch.Failure = ExceptionDispatchInfo.Capture(ex);
            batch.Position = _reader.Position;
            try
            {
                _batches.Add(batch, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller stopped reading before the failure reached it.
            }
        }
        finally
        {
            _batches.CompleteAdding();
        }
    }

    private sealed class Batch
    {
        public List<object> Items { get; } = new(BatchSize);

        public long Position { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
