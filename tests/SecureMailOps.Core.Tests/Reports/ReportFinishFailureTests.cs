using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>
/// The formats finish side by side; when one fails there, the caller gets the error of the first writer (in
/// order) that failed, as the same error as before (a write error naming its file, or the exception itself,
/// never an AggregateException), and no report is moved into place, not even those that finished.
/// </summary>
public sealed class ReportFinishFailureTests : IDisposable
{
    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void An_io_failure_while_finishing_is_a_write_error_naming_the_first_failing_file_and_nothing_is_committed()
    {
        var failing = new HashSet<ReportFormat> { ReportFormat.Sarif, ReportFormat.Markdown };
        var ex = Assert.Throws<SecureMailOpsException>(() => Run(failing, () => new IOException("No space left on device")));
        Assert.Equal(ReportErrorIds.WriteFailed, ex.ErrorId);
        Assert.Equal(FailureKind.WriteError, ex.Kind);
        // Writers are in the targets' order, which is AllFormats' order.
        ReportFormat first = ReportTestKit.AllFormats.First(failing.Contains);
        Assert.Contains(_kit.PathOf(first), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_kit.PathOf(failing.Single(f => f != first)), ex.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_kit.Folder));
    }

    [Fact]
    public void Another_failure_while_finishing_surfaces_as_itself()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Run(new HashSet<ReportFormat> { ReportFormat.JUnit }, () => new InvalidOperationException("planted")));
        Assert.Equal("planted", ex.Message);
        Assert.Empty(Directory.GetFiles(_kit.Folder));
    }

    private void Run(HashSet<ReportFormat> failing, Func<Exception> failure)
    {
        List<ReportTarget> targets = ReportTestKit.AllFormats.Select(f => new ReportTarget(f, _kit.PathOf(f))).ToList();
        using var exporter = new SecurityReportExporter(targets, new ReportOptions(), (target, options) =>
        {
            IReportWriter writer = SecurityReportExporter.Create(target, options);
            return failing.Contains(target.Format) ? new FailingFinish(writer, failure) : writer;
        });
        foreach (PolicyFinding finding in ReportTestKit.Evaluate(ReportTestKit.ExampleInventory))
        {
            exporter.Add(finding);
        }

        exporter.Complete();
    }

    private sealed class FailingFinish : IReportWriter
    {
        private readonly IReportWriter _inner;
        private readonly Func<Exception> _failure;

        public FailingFinish(IReportWriter inner, Func<Exception> failure)
        {
            _inner = inner;
            _failure = failure;
        }

        public ReportTarget Target => _inner.Target;

        public IReadOnlyList<string> Notes => _inner.Notes;

        public void Write(ReportItem item) => _inner.Write(item);

        public void Finish(SecurityReportSummary summary) => throw _failure();

        public void Commit() => _inner.Commit();

        public void Dispose() => _inner.Dispose();
    }
}
