using System;
using System.Collections.Concurrent;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// One shared string per field name that a compiled policy reads. Readers hand out these instances
/// for the names they read, so a record look-up by a compiled field path finds its field by
/// reference instead of comparing text. Unlike <see cref="string.Intern(string)"/>, only names from
/// policies are kept (a bounded set): an inventory with millions of distinct keys adds nothing here.
/// </summary>
internal static class FieldNameTable
{
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    /// <summary>Registers a name a policy reads and returns its shared instance.</summary>
    /// <param name="name">The name as written in the policy.</param>
    /// <returns>The shared instance.</returns>
    public static string Register(string name) => Known.GetOrAdd(name, name);

    /// <summary>Returns the shared instance of a name when a policy reads it, else the name itself.</summary>
    /// <param name="name">A name read from an inventory.</param>
    /// <returns>The shared instance, or <paramref name="name"/>.</returns>
    public static string Share(string name) => Known.TryGetValue(name, out string? known) ? known : name;
}
