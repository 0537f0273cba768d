using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

public sealed class InventoryReadAheadTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-ahead-" + Guid.NewGuid().ToString("N"));

    public InventoryReadAheadTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Records_and_errors_come_out_in_file_order_as_the_serial_reader_gives_them()
    {
        // More lines than the queue holds, with a bad line every 97 lines and a duplicate field every 89.
        string path = Path.Combine(_dir, "many.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, 3000).Select(i =>
            i % 97 == 0 ? "{ broken" : i % 89 == 0 ? $$"""{"kind":"Account","id":"a{{i}}","ID":"x"}""" : $$"""{"kind":"Account","id":"a{{i}}","type":"user"}"""));

        var serial = new List<string>();
        using (InventoryReader reader = InventoryReader.Open(path, null))
        {
            foreach (InventoryRecord record in reader.ReadRecords(error => serial.Add("error " + error.Message)))
            {
                serial.Add(record.Id + " " + record.Source);
            }
        }

        var ahead = new List<string>();
        using (InventoryReader reader = InventoryReader.Open(path, null))
        using (var readAhead = new InventoryReadAhead(reader))
        {
            while (readAhead.TryTake(out InventoryRecord? record, out SecureMailOpsException? error))
            {
                ahead.Add(error is not null ? "error " + error.Message : record!.Id + " " + record.Source);
            }

            Assert.Equal(reader.Length, readAhead.Position);
        }

        Assert.Equal(serial, ahead);
        Assert.Equal(3000 - 30 - 33, ahead.Count(line => !line.StartsWith("error ", StringComparison.Ordinal)));
        Assert.Contains("many.jsonl:89: the field 'ID' appears twice", ahead.First(line => line.StartsWith("error ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(ahead, line => line.Contains("many.jsonl:97: the line is not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failure_that_ends_the_reading_is_rethrown_to_the_caller()
    {
        string path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "[{\"kind\":\"Account\",\"id\":\"a1\"}, {");
        using InventoryReader reader = InventoryReader.Open(path, null);
        using var readAhead = new InventoryReadAhead(reader);
        var ex = Assert.Throws<SecureMailOpsException>(() =>
        {
            while (readAhead.TryTake(out _, out _))
            {
            }
        });
        Assert.Equal(PolicyErrorIds.InventoryInvalid, ex.ErrorId);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_early_stops_the_worker_before_the_file_is_read_to_the_end()
    {
        string path = Path.Combine(_dir, "long.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 50_000).Select(i => $$"""{"kind":"Account","id":"a{{i}}"}"""));
        using InventoryReader reader = InventoryReader.Open(path, null);
        var readAhead = new InventoryReadAhead(reader);
        Assert.True(readAhead.TryTake(out InventoryRecord? first, out _));
        Assert.Equal("a0", first!.Id);
        readAhead.Dispose();
        Assert.True(reader.Position < reader.Length, "the worker went on reading after the caller stopped");
    }
}
