using Microsoft.CodeAnalysis;

namespace SecureMailOps.Analyzers;

/// <summary>The project's own rules. docs/analyzers.md gives each one's reason and an example.</summary>
public static class SmoDescriptors
{
    private const string HelpBase = "docs/analyzers.md#";

    /// <summary>SMO1001: a cmdlet field or auto-property of an engine value type.</summary>
    public static readonly DiagnosticDescriptor EngineValueTypeInCmdlet = new(
        "SMO1001",
        "Cmdlet holds an engine value type",
        "Cmdlet '{0}' has {1} '{2}' of the engine value type '{3}': PowerShell lays the cmdlet class out at Import-Module, which loads the engine into the default load context; take a string or a reference type and convert inside the method",
        "SecureMailOps.Loading",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The engine loads in the module's own AssemblyLoadContext. A value-type field of an engine type makes the runtime resolve the engine while it lays out the cmdlet class, from the default context, which breaks Import-Module.",
        helpLinkUri: HelpBase + "smo1001");

    /// <summary>SMO1002: a TLS mode that may fall back to cleartext, or a certificate callback that accepts anything.</summary>
    public static readonly DiagnosticDescriptor InsecureTls = new(
        "SMO1002",
        "Connection that may not be secure",
        "{0}",
        "SecureMailOps.Security",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Mail is sent only over verified TLS: SecureSocketOptions.None, Auto and StartTlsWhenAvailable (and MailKit's Connect(host, port, useSsl) overloads, which map false to StartTlsWhenAvailable) may send in cleartext, and a certificate callback that returns true without looking at its arguments accepts any certificate.",
        helpLinkUri: HelpBase + "smo1002");

    /// <summary>SMO1003: a secret compared with an early-exit comparison.</summary>
    public static readonly DiagnosticDescriptor SecretComparison = new(
        "SMO1003",
        "Secret compared without the constant-time helper",
        "'{0}' is marked [Secret] and is compared with {1}, whose time depends on where the values first differ; use ConstantTime.AreEqual",
        "SecureMailOps.Security",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Codes, hashes, keys and tokens marked with SecureMailOps.Core.SecretAttribute are compared only with the constant-time helper, so a caller cannot learn a secret one character at a time from how long a comparison takes.",
        helpLinkUri: HelpBase + "smo1003");

    /// <summary>SMO1004: an error id written as a literal.</summary>
    public static readonly DiagnosticDescriptor ErrorIdLiteral = new(
        "SMO1004",
        "Error id written as a literal",
        "The error id {0} is written in place; use a constant from an *ErrorIds class so the id is declared, documented and found in one place",
        "SecureMailOps.Errors",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Scripts and tests match on error ids. An id typed in place can be misspelt, drift between the engine and the cmdlets, and cannot be listed; every id lives as a constant in an *ErrorIds class.",
        helpLinkUri: HelpBase + "smo1004");

    /// <summary>SMO1005: a file written without the owner-only helper where it may hold a secret.</summary>
    public static readonly DiagnosticDescriptor SecretFileWrite = new(
        "SMO1005",
        "File written without the owner-only helper",
        "{0} writes a file {1}; use OwnerOnlyFile so the file is private to its owner and never half-written",
        "SecureMailOps.Security",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Files the cmdlets write for the user, and files written where secrets are handled, go through SecureMailOps.Core.State.OwnerOnlyFile: 0600 on Linux and macOS before the first byte, written to a temporary file and moved into place.",
        helpLinkUri: HelpBase + "smo1005");

    /// <summary>SMO1006: System.Console in the module.</summary>
    public static readonly DiagnosticDescriptor ConsoleUse = new(
        "SMO1006",
        "System.Console in the module",
        "'Console.{0}' bypasses PowerShell's streams; write through the cmdlet (WriteObject, WriteVerbose, WriteWarning, Write-Progress) or return the value to it",
        "SecureMailOps.Hosting",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Console output cannot be redirected, captured, suppressed or seen in a remote or hosted runspace, and Console input blocks automation.",
        helpLinkUri: HelpBase + "smo1006");

    /// <summary>SMO1007: an error id constant that nothing raises.</summary>
    public static readonly DiagnosticDescriptor ErrorIdUnused = new(
        "SMO1007",
        "Error id that nothing raises",
        "The error id {0}.{1} is declared but nothing in the module uses it; raise it or remove it, so the documented ids are the ones a script can meet",
        "SecureMailOps.Errors",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An id constant that no code references is a promise the module cannot keep. The search covers the compilation and the C# files given to it as AdditionalFiles (the engine is given the cmdlets' sources).",
        helpLinkUri: HelpBase + "smo1007",
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
