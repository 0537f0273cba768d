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

    [Fact]
    public void Evaluating_ahead_gives_the_serial_findings_errors_and_warnings_in_the_same_order()
    {
        // 2,000 records (many batches): a bad line every 211, waived failures whose waiver expired
        // (a warning each, after that record's finding), passes and failures.
        string path = Path.Combine(_dir, "eval.jsonl");
        File.WriteAllLines(path, Enumerable.Range(1, 2000).Select(i =>
            i % 211 == 0 ? "{ broken" : $$$"""{"kind":"Account","id":"{{{(i % 7 == 0 ? "svc-" : "user-")}}}{{{i}}}","mfa":{"enabled":{{{(i % 3 == 0 ? "true" : "false")}}}}}"""));
        const string Waivers = """
              waivers:
                - rule: T-1
                  target: svc-*
                  reason: service accounts use certificates
                  expires: 2026-05-01
            """;
        var policies = PolicyLoader.LoadText(PolicyTestKit.Policy("{ field: mfa.enabled, equals: true }", waivers: Waivers.Trim()), "p.yaml").ToList();
        bool[] failOnly = new bool[5];
        failOnly[(int)FindingOutcome.Fail] = true;

        var serial = new List<string>();
        PolicyEvaluator serialEvaluator = PolicyEvaluator.Compile(policies, null, null, PolicyTestKit.AsOf);
        using (InventoryReader reader = InventoryReader.Open(path, null))
        {
            var findings = new List<PolicyFinding>();
            foreach (InventoryRecord record in reader.ReadRecords(error => serial.Add("error " + error.Message)))
            {
                findings.Clear();
                serialEvaluator.Evaluate(record, findings, failOnly);
                serial.AddRange(findings.Select(f => f.Outcome + " " + f.TargetName + " " + f.TargetSource));
                serial.AddRange(serialEvaluator.TakeWarnings().Select(w => "warning " + w));
            }
        }

        var ahead = new List<string>();
        PolicyEvaluator aheadEvaluator = PolicyEvaluator.Compile(policies, null, null, PolicyTestKit.AsOf);
        long lastCount = 0;
        using (InventoryReader reader = InventoryReader.Open(path, null))
        using (InventoryReadAhead readAhead = aheadEvaluator.EvaluateAhead(reader, failOnly))
        {
            while (readAhead.TryTake(out object? item))
            {
                switch (item)
                {
                    case PolicyFinding f:
                        ahead.Add(f.Outcome + " " + f.TargetName + " " + f.TargetSource);
                        break;
                    case SecureMailOpsException e:
                        ahead.Add("error " + e.Message);
                        break;
                    case PolicyWarning w:
                        ahead.Add("warning " + w.Message);
                        break;
                    case null:
                        Assert.True(readAhead.RecordsRead >= lastCount, "the record count went backwards");
                        lastCount = readAhead.RecordsRead;
                        break;
                    default:
                        Assert.Fail("unexpected item " + item.GetType().Name);
                        break;
                }
            }

            Assert.Equal(2000 - 9, readAhead.RecordsRead);
        }

        Assert.Equal(serial, ahead);
        Assert.Contains(ahead, line => line.StartsWith("warning ", StringComparison.Ordinal) && line.Contains("svc-7", StringComparison.Ordinal));
        Assert.Contains(ahead, line => line.StartsWith("Fail user-1 ", StringComparison.Ordinal) && line.EndsWith("eval.jsonl:1", StringComparison.Ordinal));
        Assert.DoesNotContain(ahead, line => line.StartsWith("Pass", StringComparison.Ordinal));
        Assert.Equal(9, ahead.Count(line => line.StartsWith("error ", StringComparison.Ordinal)));
    }
}
