using System;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Policies.Sources;

namespace SecureMailOps.Hosting;

/// <summary>Checks -Source names against the inventory sources at binding time (the list lives in the engine, so it is not repeated as a ValidateSet literal).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateInventorySourceAttribute : ValidateEnumeratedArgumentsAttribute
{
    /// <inheritdoc />
    protected override void ValidateElement(object element)
    {
        string? name = (element is PSObject ps ? ps.BaseObject : element) as string;
        if (name is null || !InventorySources.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ValidationMetadataException("'" + name + "' is not an inventory source; use one of " + string.Join(", ", InventorySources.Names) + ".");
        }
    }
}
