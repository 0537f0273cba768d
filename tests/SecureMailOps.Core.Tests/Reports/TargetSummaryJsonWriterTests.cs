using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>
/// The JSON report's summary is written with a hand-written converter for its targets (one per record); the
/// bytes must be those the serializer's reflection writes, for names that need escaping too, since the JSON
/// report is the stable machine format and the input of -Baseline.
/// </summary>
public sealed class TargetSummaryJsonWriterTests : IDisposable
{
    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void The_summary_is_written_byte_for_byte_as_the_serializer_writes_it()
    {
        string[] names = { "plain@example.com", "<script>alert(\"x\")</script>", "tab\tnew\nline", "non-BMP \U0001F600 Zo\u00EB", "amp & ' quote" };
        string inventory = _kit.Write("targets.json", JsonSerializer.Serialize(names.Select((n, i) =>
            new Dictionary<string, object> { ["kind"] = i % 2 == 0 ? "Account" : "Device", ["id"] = n, ["mfa"] = new Dictionary<string, object> { ["enabled"] = i % 3 == 0 } })));
        var builder = new ReportSummaryBuilder { Clock = () => new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero) };
        ReportTestKit.Evaluate(inventory).ForEach(builder.Add);
        SecurityReportSummary summary = builder.Build();
        Assert.Equal(names.Length, summary.Targets.Count);

        string expected = Write(summary, ReportJson.Options);
        string actual = Write(summary, TargetSummaryJsonWriter.Options);
        Assert.Contains("\\u003Cscript\\u003E", actual, StringComparison.Ordinal);
        Assert.Contains("\"notApplicable\"", actual, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static string Write(SecurityReportSummary summary, JsonSerializerOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReportJson.WriterOptions))
        {
            JsonSerializer.Serialize(writer, summary, options);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
