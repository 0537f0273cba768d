using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SecureMailOps.Analyzers.Tests;

/// <summary>
/// The outside types the rules recognise (PowerShell, MailKit, the engine's marker and helpers), compiled
/// once into a metadata reference, so the code under test sees them as the real projects do: from an assembly.
/// </summary>
internal static class Stubs
{
    public const string Source = """
        using System;
        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("TestProject")]
        namespace System.Management.Automation
        {
            public abstract class Cmdlet { protected void WriteObject(object o) { } }
            public abstract class PSCmdlet : Cmdlet { }
            public enum ErrorCategory { NotSpecified, InvalidArgument }
            public class ErrorRecord { public ErrorRecord(Exception exception, string errorId, ErrorCategory errorCategory, object targetObject) { } }
        }
        namespace MailKit.Security
        {
            public enum SecureSocketOptions { None = 0, Auto = 1, SslOnConnect = 2, StartTls = 3, StartTlsWhenAvailable = 4 }
        }
        namespace MailKit.Net.Smtp
        {
            public class SmtpClient
            {
                public System.Net.Security.RemoteCertificateValidationCallback? ServerCertificateValidationCallback { get; set; }
                public void Connect(string host, int port = 0, MailKit.Security.SecureSocketOptions options = MailKit.Security.SecureSocketOptions.Auto) { }
                public void Connect(string host, int port, bool useSsl) { }
            }
        }
        namespace SecureMailOps.Core
        {
            [AttributeUsage(AttributeTargets.All)]
            public sealed class SecretAttribute : Attribute { }
            public enum FailureKind { NotSpecified, InvalidArgument }
            public struct Window { public int Steps; }
            public sealed class EngineError : Exception
            {
                public EngineError(string errorId, FailureKind kind, string message) : base(message) { }
            }
            public static class OtpErrorIds
            {
                public const string SecretInvalid = "OtpSecretInvalid";
                public const string CodeInvalid = "OtpCodeInvalid";
            }
            public sealed class PolicyOptions { public FailureKind Kind { get; set; } }
        }
        namespace SecureMailOps.Core.Otp
        {
            internal static class ConstantTime
            {
                public static bool AreEqual(string a, string b) => a == b;
                public static bool AreEqual(byte[] a, byte[] b) => a == b;
            }
        }
        namespace SecureMailOps.Core.State
        {
            public static class OwnerOnlyFile { public static void WriteAllBytes(string path, byte[] bytes) { } }
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(Build);

    /// <summary>The framework assemblies of this test run, plus the stub assembly.</summary>
    public static ImmutableArray<MetadataReference> References => Lazy.Value;

    /// <summary>The framework assemblies of this test run (offline: nothing is downloaded).</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    private static ImmutableArray<MetadataReference> Build()
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "SecureMailOps.Stubs",
            new[] { CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The stubs do not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return Framework.Add(MetadataReference.CreateFromImage(image.ToArray()));
    }
}
