using System;
using System.Globalization;
using System.Linq;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Renders a summary as HTML sections (outcomes, severities, drift, the practice chart and table,
/// rules with their remediation, waivers, policies and inventory). Used by the HTML report and by
/// the body of Send-SecurityReport's mail; needs no script.
/// </summary>
internal static class HtmlSummary
{
    private const int ChartWidth = 760;
    private const int LabelWidth = 330;
    private const int RowHeight = 22;

    private static readonly (Severity Severity, string Color)[] SeverityColors =
    {
        (Severity.Critical, "#7f1d1d"), (Severity.High, "#b91c1c"), (Severity.Medium, "#b45309"), (Severity.Low, "#4d7c0f"), (Severity.Info, "#475569"),
    };

    public static void WriteHeader(HtmlWriter html, SecurityReportSummary summary)
    {
        html.Open("header").Element("h1", summary.Title);
        string meta = string.Format(CultureInfo.InvariantCulture, "Generated {0:yyyy-MM-dd HH:mm} UTC", summary.GeneratedAt.UtcDateTime)
            + (summary.AsOf is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, " · evaluated as of {0:yyyy-MM-dd HH:mm} UTC", summary.AsOf.Value.UtcDateTime))
            + " · " + summary.ToolName + " " + summary.ToolVersion;
        html.Element("p", meta, "class", "meta").Close("header").Line();
    }

    public static void WriteSections(HtmlWriter html, SecurityReportSummary summary, bool chart)
    {
        OutcomeCounts c = summary.Counts;
        html.Open("section", "id", "summary", "aria-labelledby", "summary-h").Element("h2", "Summary", "id", "summary-h");
        html.Open("ul", "class", "cards");
        Card(html, "Findings", c.Total, "total");
        Card(html, "Failed", c.Fail, "Fail");
        Card(html, "Errors", c.Error, "Error");
        Card(html, "Waived", c.Waived, "Waived");
        Card(html, "Passed", c.Pass, "Pass");
        Card(html, "Not applicable", c.NotApplicable, "NotApplicable");
        Card(html, "Records", summary.Targets.Count, "targets");
        Card(html, "Records failing", summary.FailingTargetCount, "failing-targets");
        html.Close("ul").Line();

        html.Open("table", "id", "by-severity").Element("caption", "Findings by severity");
        html.Open("thead").Open("tr").Element("th", "Severity", "scope", "col");
        foreach (string head in new[] { "Fail", "Error", "Waived", "Pass", "Not applicable", "All" })
        {
            html.Element("th", head, "scope", "col", "class", "num");
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (SeveritySummary s in summary.BySeverity)
        {
            html.Open("tr", "data-severity", s.Severity.ToString()).Element("th", s.Severity.ToString(), "scope", "row", "class", "sev-" + s.Severity);
            html.Cell(s.Counts.Fail).Cell(s.Counts.Error).Cell(s.Counts.Waived).Cell(s.Counts.Pass).Cell(s.Counts.NotApplicable).Cell(s.Counts.Total).Close("tr");
        }

        html.Close("tbody").Close("table").Line();
        foreach (string note in summary.Notes)
        {
            html.Element("p", note, "class", "note");
        }

        html.Close("section").Line();

        if (summary.Drift is DriftSummary drift)
        {
            html.Open("section", "id", "drift", "aria-labelledby", "drift-h").Element("h2", "Since the baseline", "id", "drift-h");
            html.Element("p", "Compared with " + drift.Baseline + (drift.BaselineGeneratedAt is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, " (written {0:yyyy-MM-dd HH:mm} UTC)", drift.BaselineGeneratedAt.Value.UtcDateTime)) + ".", "class", "meta");
            html.Open("table", "id", "drift-table").Open("thead").Open("tr");
            foreach (string head in new[] { "New", "Fixed", "Still failing", "Unchanged" })
            {
                html.Element("th", head, "scope", "col", "class", "num");
            }

            html.Close("tr").Close("thead").Open("tbody").Open("tr");
            html.Element("td", drift.New.ToString("N0", CultureInfo.InvariantCulture), "class", "num", "data-drift", "New");
            html.Element("td", drift.Fixed.ToString("N0", CultureInfo.InvariantCulture), "class", "num", "data-drift", "Fixed");
            html.Element("td", drift.StillFailing.ToString("N0", CultureInfo.InvariantCulture), "class", "num", "data-drift", "StillFailing");
            html.Element("td", drift.Unchanged.ToString("N0", CultureInfo.InvariantCulture), "class", "num", "data-drift", "Unchanged");
            html.Close("tr").Close("tbody").Close("table").Close("section").Line();
        }

        html.Open("section", "id", "practices", "aria-labelledby", "practices-h").Element("h2", "Failures by practice", "id", "practices-h");
        if (chart)
        {
            WriteChart(html, summary);
        }

        html.Open("table", "id", "by-practice").Element("caption", "The 17 practices: findings of the rules that check each");
        html.Open("thead").Open("tr").Element("th", "#", "scope", "col", "class", "num").Element("th", "Practice", "scope", "col");
        foreach (string head in new[] { "Fail", "Error", "Waived", "Pass", "Not applicable" })
        {
            html.Element("th", head, "scope", "col", "class", "num");
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (PracticeSummary p in summary.ByPractice)
        {
            html.Open("tr", "data-practice", p.Number.ToString(CultureInfo.InvariantCulture)).Element("td", p.Number.ToString(CultureInfo.InvariantCulture), "class", "num").Element("th", p.Title, "scope", "row");
            html.Cell(p.Counts.Fail).Cell(p.Counts.Error).Cell(p.Counts.Waived).Cell(p.Counts.Pass).Cell(p.Counts.NotApplicable).Close("tr");
        }

        html.Close("tbody").Close("table").Close("section").Line();

        html.Open("section", "id", "rules", "aria-labelledby", "rules-h").Element("h2", "Rules and remediation", "id", "rules-h");
        html.Open("table", "id", "rules-table").Open("thead").Open("tr");
        foreach (string head in new[] { "Rule", "Severity", "Practices", "Remediation" })
        {
            html.Element("th", head, "scope", "col");
        }

        foreach (string head in new[] { "Fail", "Error", "Waived", "Pass" })
        {
            html.Element("th", head, "scope", "col", "class", "num");
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (RuleSummary r in summary.Rules)
        {
            html.Open("tr", "data-rule", r.RuleId).Open("th", "scope", "row").Text(r.RuleId).Open("br").Text(r.Title).Close("th");
            html.Element("td", r.Severity.ToString(), "class", "sev-" + r.Severity).Element("td", string.Join(", ", r.Practices)).Element("td", r.Remediation);
            html.Cell(r.Counts.Fail).Cell(r.Counts.Error).Cell(r.Counts.Waived).Cell(r.Counts.Pass).Close("tr");
        }

        html.Close("tbody").Close("table").Close("section").Line();

        html.Open("section", "id", "waivers", "aria-labelledby", "waivers-h").Element("h2", "Waivers", "id", "waivers-h");
        if (summary.Waivers.Count == 0)
        {
            html.Element("p", "No waiver applied.");
        }
        else
        {
            html.Open("table", "id", "waivers-table").Open("thead").Open("tr");
            foreach (string head in new[] { "Rule", "Target", "Reason", "Expires", "State", "Declared in" })
            {
                html.Element("th", head, "scope", "col");
            }

            html.Element("th", "Findings", "scope", "col", "class", "num").Close("tr").Close("thead").Open("tbody");
            foreach (WaiverSummary w in summary.Waivers)
            {
                html.Open("tr", "data-expired", w.Expired ? "true" : "false").Element("td", w.RuleId).Element("td", w.Target).Element("td", w.Reason)
                    .Element("td", w.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Element("td", w.Expired ? "Expired: failing again" : "Current", "class", w.Expired ? "expired" : null)
                    .Element("td", w.Path is null ? string.Empty : w.Path + ":" + w.Line.ToString(CultureInfo.InvariantCulture))
                    .Cell(w.Findings).Close("tr");
            }

            html.Close("tbody").Close("table");
        }

        html.Close("section").Line();

        html.Open("section", "id", "inputs", "aria-labelledby", "inputs-h").Element("h2", "Policies and inventory", "id", "inputs-h");
        html.Open("table", "id", "policies-table").Open("thead").Open("tr").Element("th", "Policy", "scope", "col").Element("th", "Version", "scope", "col").Element("th", "File", "scope", "col").Element("th", "Rules", "scope", "col", "class", "num").Close("tr").Close("thead").Open("tbody");
        foreach (PolicySummary p in summary.Policies)
        {
            html.Open("tr").Element("td", p.Name).Element("td", p.Version ?? "-").Element("td", p.Path ?? string.Empty).Cell(p.RuleCount).Close("tr");
        }

        html.Close("tbody").Close("table");
        html.Open("table", "id", "sources-table").Open("thead").Open("tr").Element("th", "Inventory", "scope", "col").Element("th", "Records", "scope", "col", "class", "num").Element("th", "Findings", "scope", "col", "class", "num").Close("tr").Close("thead").Open("tbody");
        foreach (InventorySourceSummary s in summary.Sources)
        {
            html.Open("tr").Element("td", s.File).Cell(s.Targets).Cell(s.Findings).Close("tr");
        }

        html.Close("tbody").Close("table").Close("section").Line();
    }

    private static void Card(HtmlWriter html, string label, long value, string key) =>
        html.Open("li", "data-count", key).Element("span", value.ToString("N0", CultureInfo.InvariantCulture), "class", "n").Text(label).Close("li");

    private static void WriteChart(HtmlWriter html, SecurityReportSummary summary)
    {
        long max = Math.Max(1, summary.ByPractice.Max(p => p.FailingBySeverity.Sum()));
        int height = (summary.ByPractice.Count * RowHeight) + 40;
        string h = height.ToString(CultureInfo.InvariantCulture);
        html.Open("svg", "xmlns", "http://www.w3.org/2000/svg", "role", "img", "aria-labelledby", "chart-title", "viewBox", "0 0 " + ChartWidth.ToString(CultureInfo.InvariantCulture) + " " + h, "width", "100%", "id", "practice-chart");
        html.Element("title", "Failures and errors per practice, by severity", "id", "chart-title");
        int y = 0;
        double scale = (ChartWidth - LabelWidth - 60) / (double)max;
        foreach (PracticeSummary p in summary.ByPractice)
        {
            string label = p.Number.ToString(CultureInfo.InvariantCulture) + ". " + (p.Title.Length > 44 ? p.Title.Substring(0, 43) + "…" : p.Title);
            html.Element("text", label, "x", "0", "y", (y + 15).ToString(CultureInfo.InvariantCulture));
            double x = LabelWidth;
            foreach ((Severity severity, string color) in SeverityColors)
            {
                long n = p.FailingBySeverity[(int)severity];
                if (n == 0)
                {
                    continue;
                }

                double width = Math.Max(1, n * scale);
                html.Open("rect", "x", Num(x), "y", (y + 3).ToString(CultureInfo.InvariantCulture), "width", Num(width), "height", "16", "fill", color, "data-practice", p.Number.ToString(CultureInfo.InvariantCulture), "data-severity", severity.ToString());
                html.Element("title", string.Format(CultureInfo.InvariantCulture, "Practice {0}: {1:N0} {2}", p.Number, n, severity)).Close("rect");
                x += width;
            }

            html.Element("text", p.FailingBySeverity.Sum().ToString("N0", CultureInfo.InvariantCulture), "x", Num(x + 6), "y", (y + 15).ToString(CultureInfo.InvariantCulture));
            y += RowHeight;
        }

        double legendX = LabelWidth;
        foreach ((Severity severity, string color) in SeverityColors)
        {
            html.Open("rect", "x", Num(legendX), "y", (y + 12).ToString(CultureInfo.InvariantCulture), "width", "12", "height", "12", "fill", color).Close("rect");
            html.Element("text", severity.ToString(), "x", Num(legendX + 16), "y", (y + 22).ToString(CultureInfo.InvariantCulture));
            legendX += 80;
        }

        html.Close("svg").Line();
    }

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
