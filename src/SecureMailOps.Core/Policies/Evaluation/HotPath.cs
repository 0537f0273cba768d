using System.Runtime.CompilerServices;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// A policy evaluation is one long call that runs the same few methods millions of times; letting
/// them start in the JIT's unoptimised tier made the first evaluation of a session several times
/// slower than the next. The per-record methods are compiled fully optimised at once instead.
/// </summary>
internal static class HotPath
{
    /// <summary>MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name (the runtime honours the value).</summary>
    public const MethodImplOptions Optimize = (MethodImplOptions)512;
}
