using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class SecretComparisonTests
{
    [Fact]
    public Task EveryEarlyExitComparisonOfAMarkedSecretIsReported() =>
        Verify.AnalyzerAsync<SecretComparisonAnalyzer>("""
            using System;
            using System.Linq;
            using SecureMailOps.Core;
            public sealed class Store
            {
                [Secret] public byte[] Hash { get; } = new byte[32];
                [Secret] private readonly string _token = "t";
                [return: Secret] private static string Expected() => "123456";

                public bool Check([Secret] string code, byte[] offered, string other)
                {
                    bool a = {|SMO1003:code == other|};
                    bool b = {|SMO1003:other != _token|};
                    bool c = {|SMO1003:string.Equals(code, other, StringComparison.Ordinal)|};
                    bool d = {|SMO1003:code.Equals(other)|};
                    bool e = {|SMO1003:Hash.SequenceEqual(offered)|};
                    bool f = {|SMO1003:offered.AsSpan().SequenceEqual(Hash)|};
                    bool g = {|SMO1003:Expected() == other|};
                    return a && b && c && d && e && f && g;
                }
            }
            """);

    [Fact]
    public Task NullChecksLengthsAndUnmarkedValuesAreNotReported() =>
        Verify.AnalyzerAsync<SecretComparisonAnalyzer>("""
            using System;
            using SecureMailOps.Core;
            public static class Checks
            {
                public static bool Check([Secret] string? code, string purpose, string other)
                {
                    if (code == null || code.Length == 6)
                    {
                        return false;
                    }

                    return string.Equals(purpose, other, StringComparison.Ordinal) && code is not null;
                }
            }
            """);

    [Fact]
    public Task TheFixUsesTheConstantTimeHelper() =>
        Verify.CodeFixAsync<SecretComparisonAnalyzer, SecretComparisonCodeFixProvider>(
            """
            using System;
            using System.Linq;
            using SecureMailOps.Core;
            public static class Checks
            {
                public static bool Check([Secret] string code, string other, [Secret] byte[] hash, byte[] offered) =>
                    {|SMO1003:code == other|} && {|SMO1003:other != code|} && {|SMO1003:string.Equals(code, other, StringComparison.Ordinal)|} && {|SMO1003:hash.SequenceEqual(offered)|};
            }
            """,
            """
            using System;
            using System.Linq;
            using SecureMailOps.Core;
            using SecureMailOps.Core.Otp;
            public static class Checks
            {
                public static bool Check([Secret] string code, string other, [Secret] byte[] hash, byte[] offered) =>
                    ConstantTime.AreEqual(code, other) && !ConstantTime.AreEqual(other, code) && ConstantTime.AreEqual(code, other) && ConstantTime.AreEqual(hash, offered);
            }
            """,
            fixAllIterations: 2);
}
