using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// Tests that assert names arrays are shared between records read in a row. Sharing depends on the
/// process-wide field-name table: a policy compiled by another test in between registers its names,
/// and the reader then hands out the registered instances, so the next record no longer shares the
/// previous one's array (harmless in the product, which only loses the memory saving, but it made
/// these assertions order-dependent). They run alone, never beside other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FieldNameTableSerialGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Field-name table (not run in parallel)";
}
