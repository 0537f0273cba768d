using System;

namespace SecureMailOps.Hosting;

/// <summary>
/// Parses a validated string parameter into an engine enum. Cmdlets take enums as strings with
/// ValidateSet (which also gives tab completion) because an engine value type as a cmdlet field
/// would load the engine into the default load context while PowerShell scans the cmdlet assembly.
/// </summary>
internal static class EngineEnum
{
    public static T Parse<T>(string value)
        where T : struct
    {
        return (T)Enum.Parse(typeof(T), value, ignoreCase: true);
    }
}
