using System.Reflection;

namespace SecureMailOps.Core.Reports;

/// <summary>The engine's own name and semantic version, as reports state them.</summary>
internal static class ToolInfo
{
    /// <summary>Gets the semantic version (the informational version without build metadata).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        Assembly assembly = typeof(ToolInfo).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            System.Version? version = assembly.GetName().Version;
            return version is null ? "0.0.0" : version.ToString(3);
        }

        int plus = informational!.IndexOf('+');
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
