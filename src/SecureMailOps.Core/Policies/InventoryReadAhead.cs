using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Reads an inventory on a worker thread while the caller (the pipeline thread) writes: the work
/// overlaps on two cores. By default the items are the records and per-record errors; with a
/// processing step (see <see cref="PolicyEvaluator.EvaluateAhead(InventoryReader, System.Collections.Generic.IReadOnlyList{bool})"/>) each record is turned into
/// other items on the worker too, so the caller is left with nothing but writing them. Items come
/// out in file order, in small batches through a bounded queue, so at most a few thousand records
/// are in memory whatever the file size. An exception that ends the reading (or the processing) is
/// rethrown to the caller at the point in the stream where it happened. Dispose stops the worker
/// before the reader is disposed.
/// </summary>
public sealed class InventoryReadAhead : IDisposable
{
    // Batches keep the hand-over cost per record negligible; the bound keeps memory flat (at most
    // 512 records and their findings queued). Measured with evaluation on the worker: with 4 batches
    // both threads waited for each other a quarter of the time as their speeds drifted; with 32 the
    // queued records outlived gen0 collections (gen1 collections, longer pauses); 8 has neither.
    // Bigger batches were slower (more data in flight between the two cores' caches), and a
    // hand-off that never spins (Monitor.Wait, waking the other side only at half full) was no faster.
    private const int BatchSize = 64;
    private const int MaxBatches = 8;
    private readonly InventoryReader _reader;
    private readonly Action<InventoryRecord, IList<object>>? _process;
    private readonly BlockingCollection<Batch> _batches = new(MaxBatches);
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _worker;
    private Batch? _current;
    private int _index;
    private bool _disposed;

    /// <summary>Starts reading ahead.</summary>
    /// <param name="reader">The opened inventory; dispose it after this.</param>
    public InventoryReadAhead(InventoryReader reader)
        : this(reader, null)
    {
    }

    /// <summary>Starts reading ahead, with each record processed on the worker thread.</summary>
    /// <param name="reader">The opened inventory; dispose it after this.</param>
    /// <param name="process">
    /// Called on the worker for each record, in order, with the list its items go to; null passes the
    /// record itself on. It must not touch anything the caller's thread uses meanwhile.
    /// </param>
    public InventoryReadAhead(InventoryReader reader, Action<InventoryRecord, IList<object>>? process)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _process = process;
        _worker = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Gets how far reading had got when the current batch was read, in bytes (for progress).</summary>
    public long Position { get; private set; }

    /// <summary>Gets how many records had been read when the current batch was read (for progress).</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Takes the next record or record error, in file order (without a processing step).</summary>
    /// <param name="record">The record, or null when this item is an error.</param>
    /// <param name="error">The error of a record that cannot be used, or null.</param>
    /// <returns>False at the end of the inventory.</returns>
    /// <exception cref="SecureMailOpsException">The inventory cannot be read any further.</exception>
    public bool TryTake(out InventoryRecord? record, out SecureMailOpsException? error)
    {
        object? item;
        bool more;
        do
        {
            more = TryTake(out item);
        }
        while (more && item is null);

        record = item as InventoryRecord;
        error = item as SecureMailOpsException;
        return more;
    }

    /// <summary>
    /// Takes the next item, in file order: a record error (<see cref="SecureMailOpsException"/>), or
    /// what the processing step made of a record (the record itself when there is none). A null item
    /// marks the start of a batch: <see cref="Position"/> and <see cref="RecordsRead"/> have moved.
    /// It comes even when the batch's records gave no items, so a caller can report progress while
    /// nothing else arrives.
    /// </summary>
    /// <param name="item">The item; null at a batch start and at the end.</param>
    /// <returns>False at the end of the inventory.</returns>
    /// <exception cref="SecureMailOpsException">The inventory cannot be read any further.</exception>
    public bool TryTake(out object? item)
    {
        while (true)
        {
            if (_current is not null)
            {
                if (_index < _current.Items.Count)
                {
                    item = _current.Items[_index++];
                    return true;
                }

                ExceptionDispatchInfo? failure = _current.Failure;
                _current = null;
                failure?.Throw();
            }

            if (!_batches.TryTake(out _current, Timeout.Infinite))
            {
                item = null;
                return false;
            }

            _index = 0;
            Position = _current.Position;
            RecordsRead = _current.RecordsRead;
            item = null;
            return true;
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
        var batch = new Batch(BatchSize);
        long records = 0;
        int inBatch = 0;
        try
        {
            foreach (InventoryRecord record in _reader.ReadRecords(error => batch.Items.Add(error)))
            {
                records++;
                if (_process is null)
                {
                    batch.Items.Add(record);
                }
                else
                {
                    _process(record, batch.Items);
                }

                // Batches are cut by records, not items: a record's items are never split.
                if (++inBatch >= BatchSize)
                {
                    batch.Position = _reader.Position;
                    batch.RecordsRead = records;
                    _batches.Add(batch, _cancel.Token);

                    // Sized like the last one: a record gives several findings, so a batch of
                    // records holds a few hundred items, and growing the list copied them twice.
                    batch = new Batch(batch.Items.Count);
                    inBatch = 0;
                }
            }

            batch.Position = _reader.Position;
            batch.RecordsRead = records;
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
            batch.RecordsRead = records;
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
        public Batch(int capacity) => Items = new List<object>(Math.Max(capacity, BatchSize));

        public List<object> Items { get; }

        public long Position { get; set; }

        public long RecordsRead { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
