using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class EngineValueTypeInCmdletTests
{
    [Fact]
    public Task EngineEnumFieldsAndAutoPropertiesInACmdletAreReported() =>
        Verify.AnalyzerAsync<EngineValueTypeInCmdletAnalyzer>("""
            using System.Management.Automation;
            using SecureMailOps.Core;
            public abstract class Base : PSCmdlet { protected FailureKind {|SMO1001:_kind|}; }
            public sealed class GetThing : Base
            {
                public FailureKind {|SMO1001:Kind|} { get; set; }
                private Window? {|SMO1001:_window|};
                private static (int, Window) {|SMO1001:_pair|};
            }
            """);

    [Fact]
    public Task StringsReferenceTypesComputedPropertiesAndNonCmdletsAreNotReported() =>
        Verify.AnalyzerAsync<EngineValueTypeInCmdletAnalyzer>("""
            using System.Management.Automation;
            using SecureMailOps.Core;
            public sealed class GetThing : PSCmdlet
            {
                public string Kind { get; set; } = "InvalidArgument";
                public PolicyOptions? Options { get; set; }
                public Window[]? Windows { get; set; }
                private FailureKind Parsed => (FailureKind)System.Enum.Parse(typeof(FailureKind), Kind);
                private const FailureKind Default = FailureKind.NotSpecified;
                public enum OwnMode { A, B }
                public OwnMode Mode { get; set; }
            }
            public sealed class NotACmdlet { public FailureKind Kind; }
            """);
}
