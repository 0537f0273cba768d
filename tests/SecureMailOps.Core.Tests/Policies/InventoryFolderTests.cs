using System;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>A folder given as an inventory path: its inventory files in natural order, and at most so many of them.</summary>
public sealed class InventoryFolderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-folder-" + Guid.NewGuid().ToString("N"));

    public InventoryFolderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_folder_gives_its_inventory_files_in_natural_order_and_other_files_do_not_count()
    {
        foreach (string name in new[] { "page-10.json", "page-9.json", "page-1.json", "notes.txt", "readme.md" })
        {
            File.WriteAllText(Path.Combine(_dir, name), "[]");
        }

        Assert.Equal(new[] { "page-1.json", "page-9.json", "page-10.json" }, InventoryFolder.Expand(_dir, 3).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_with_more_inventory_files_than_the_limit_is_an_error_naming_it_and_the_limit()
    {
        for (int i = 1; i <= 4; i++)
        {
            File.WriteAllText(Path.Combine(_dir, "page-" + i + ".json"), "[]");
        }

        var ex = Assert.Throws<SecureMailOpsException>(() => InventoryFolder.Expand(_dir, 3));
        Assert.Equal(PolicyErrorIds.InventoryFolderLimit, ex.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, ex.Kind);
        Assert.Equal("The folder '" + _dir + "' holds more than 3 inventory files, the most one folder may hold; split them into several folders and give each to -Path.", ex.Message);
        Assert.Equal(4, InventoryFolder.Expand(_dir, 4).Count);
        Assert.Equal(10_000, InventoryFolder.MaxFiles);
    }
}
