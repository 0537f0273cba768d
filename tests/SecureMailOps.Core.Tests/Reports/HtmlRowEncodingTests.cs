using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>
/// The HTML page's rows name rules, outcomes, kinds, files, reasons and drift by index into small
/// tables, and the first page of the default view is written apart: decoded as the page's script
/// decodes them, they give back every listed finding as it was, in order.
/// </summary>
public sealed class HtmlRowEncodingTests : IDisposable
{
    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void Rows_decode_to_the_listed_findings_and_the_first_page_is_the_first_fifty_failing_rows()
    {
        // Two files (so the file table has two entries) and enough failing records for more than one page.
        string lines = string.Join("\n", Enumerable.Range(0, 40).Select(i => "{\"kind\":\"Account\",\"id\":\"u" + i + "@example.com\",\"mfa\":{\"enabled\":false}}"));
        string first = _kit.Write("first.jsonl", lines);
        string second = _kit.Write("second.jsonl", lines.Replace("\"id\":\"u", "\"id\":\"v", StringComparison.Ordinal));
        List<PolicyFinding> findings = ReportTestKit.Evaluate(first).Concat(ReportTestKit.Evaluate(second)).ToList();
        _kit.Export(findings, new[] { ReportFormat.Html });

        string html = File.ReadAllText(_kit.PathOf(ReportFormat.Html));
        using JsonDocument meta = JsonDocument.Parse(Block(html, "smo-meta"));
        using JsonDocument rows = JsonDocument.Parse(Block(html, "smo-rows"));
        JsonElement m = meta.RootElement;
        string[] Names(string name) => m.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
        string[] outcomes = Names("outcomes"), kinds = Names("kinds"), drifts = Names("drifts"), files = Names("files"), reasons = Names("reasons");
        JsonElement[] rules = m.GetProperty("rules").EnumerateArray().ToArray();

        List<PolicyFinding> listed = findings.Where(f => f.Outcome is FindingOutcome.Fail or FindingOutcome.Error or FindingOutcome.Waived).ToList();
        JsonElement[] all = rows.RootElement.EnumerateArray().ToArray();
        Assert.Equal(listed.Count, all.Length);
        Assert.Equal(2, files.Length);
        Assert.True(reasons.Length < listed.Count / 4, "reasons repeat across records, so the table is much shorter than the rows");
        for (int i = 0; i < all.Length; i++)
        {
            JsonElement r = all[i];
            PolicyFinding f = listed[i];
            Assert.Equal(f.RuleId, rules[r[0].GetInt32()].GetProperty("id").GetString());
            Assert.Equal(f.Outcome.ToString(), outcomes[r[1].GetInt32()]);
            Assert.Equal(f.TargetKind.ToString(), kinds[r[2].GetInt32()]);
            Assert.Equal(f.TargetName, r[3].GetString());
            string file = r[4].ValueKind == JsonValueKind.Number ? files[r[4].GetInt32()] : r[4].GetString()!;
            Assert.Equal(f.TargetSource, r[5].GetInt32() > 0 ? file + ":" + r[5].GetInt32() : file);
            Assert.Equal(f.Reason, r[6].ValueKind == JsonValueKind.Number ? reasons[r[6].GetInt32()] : r[6].GetString());
            Assert.Equal(string.Empty, drifts[r[7].GetInt32()]);
        }

        JsonElement[] firstPage = m.GetProperty("first").EnumerateArray().ToArray();
        JsonElement[] failing = all.Where(r => outcomes[r[1].GetInt32()] is "Fail" or "Error").ToArray();
        Assert.Equal(failing.Length, m.GetProperty("failing").GetInt32());
        Assert.True(failing.Length > 50);
        Assert.Equal(50, firstPage.Length);
        Assert.Equal(failing.Take(50).Select(r => r.GetRawText()), firstPage.Select(r => r.GetRawText()));
    }

    [Fact]
    public void Sources_that_are_not_file_and_line_are_kept_as_given()
    {
        string json = _kit.Write("records.json", "[{\"kind\":\"Account\",\"id\":\"a\",\"mfa\":{\"enabled\":false}}]");
        List<PolicyFinding> findings = ReportTestKit.Evaluate(json);
        _kit.Export(findings, new[] { ReportFormat.Html });
        string html = File.ReadAllText(_kit.PathOf(ReportFormat.Html));
        using JsonDocument meta = JsonDocument.Parse(Block(html, "smo-meta"));
        using JsonDocument rows = JsonDocument.Parse(Block(html, "smo-rows"));
        string[] files = meta.RootElement.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();
        PolicyFinding failing = findings.First(f => f.Outcome == FindingOutcome.Fail);
        JsonElement row = rows.RootElement[0];
        string file = files[row[4].GetInt32()];
        Assert.Equal(failing.TargetSource, row[5].GetInt32() > 0 ? file + ":" + row[5].GetInt32() : file);
    }

    private static string Block(string html, string id)
    {
        Match match = Regex.Match(html, "<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", RegexOptions.Singleline, TimeSpan.FromSeconds(10));
        Assert.True(match.Success, id + " is in the page");
        return match.Groups[1].Value;
    }
}
