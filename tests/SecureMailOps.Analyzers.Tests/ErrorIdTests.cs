using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class ErrorIdTests
{
    [Fact]
    public Task LiteralsAndTextBuiltInPlaceAreReported() =>
        Verify.AnalyzerAsync<ErrorIdAnalyzer>("""
            using System;
            using System.Management.Automation;
            using SecureMailOps.Core;
            public sealed class Failure { public string ErrorId { get; set; } = ""; public string? FailureId; }
            public static class Raise
            {
                private const string Local = "OtpLocal";

                public static Exception[] All(bool flag, string kind, Exception inner) => new Exception[]
                {
                    new EngineError({|SMO1004:"OtpSecretInvalid"|}, FailureKind.InvalidArgument, "m"),
                    new EngineError(flag ? OtpErrorIds.CodeInvalid : {|SMO1004:"OtpOther"|}, FailureKind.InvalidArgument, "m"),
                    new EngineError({|SMO1004:Local|}, FailureKind.InvalidArgument, "m"),
                    new EngineError({|SMO1004:$"Otp{kind}"|}, FailureKind.InvalidArgument, "m"),
                    new EngineError({|SMO1004:"Otp"|} + kind, FailureKind.InvalidArgument, "m"),
                    new EngineError(OtpErrorIds.SecretInvalid, FailureKind.InvalidArgument, "m"),
                    new EngineError(kind, FailureKind.InvalidArgument, "m"),
                };

                public static object Record(Exception e) => new ErrorRecord(e, {|SMO1004:"SmtpAddressInvalid"|}, ErrorCategory.InvalidArgument, null!);

                public static Failure Assigned() => new Failure { ErrorId = {|SMO1004:"SmtpUserNameMissing"|}, FailureId = {|SMO1004:"SmtpCertificateExpired"|} };
            }
            """);

    [Fact]
    public Task AnIdConstantNothingRaisesIsAWarningAndAnAdditionalFileCanRaiseIt() =>
        Verify.AnalyzerAsync<ErrorIdAnalyzer>(
            """
            using System;
            using SecureMailOps.Core;
            public static class MailErrorIds
            {
                public const string Raised = "MailRaised";
                public const string RaisedByCmdlets = "MailRaisedByCmdlets";
                /// <summary>Only in a comment: <see cref="Never"/>, MailErrorIds.Never.</summary>
                public const string {|SMO1007:Never|} = "MailNever";
                public const string {|SMO1007:OnlyNamed|} = "MailOnlyNamed";
            }
            public static class Raise
            {
                public static Exception One() => new EngineError(MailErrorIds.Raised, FailureKind.InvalidArgument, nameof(MailErrorIds.OnlyNamed));
            }
            """,
            ("Cmdlets/SendCommand.cs", "// MailErrorIds.Never is only named in this comment\nclass C { string Id = MailErrorIds.RaisedByCmdlets; }"),
            ("notes.txt", "MailErrorIds.OnlyNamed"));

    [Fact]
    public Task TheFixUsesTheConstantWithTheSameValue() =>
        Verify.CodeFixAsync<ErrorIdAnalyzer, ErrorIdLiteralCodeFixProvider>(
            """
            using System;
            using SecureMailOps.Core;
            public static class Raise
            {
                public static Exception One() => new EngineError({|SMO1004:"OtpSecretInvalid"|}, FailureKind.InvalidArgument, "m");
            }
            """,
            """
            using System;
            using SecureMailOps.Core;
            public static class Raise
            {
                public static Exception One() => new EngineError(OtpErrorIds.SecretInvalid, FailureKind.InvalidArgument, "m");
            }
            """);
}
