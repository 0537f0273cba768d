using System;
using System.IO;
using System.Text;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// Inputs the property tests found (CsCheck seed 6TSVvaxg4NU1 in the final CI run of session 5): each must
/// end in records or a placed error, never a raw parser exception.
/// </summary>
public sealed class FuzzRegressionSeedTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "smo-seed-" + Guid.NewGuid().ToString("N"));

    public FuzzRegressionSeedTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("{}/ 7}s}l7s]3es.3l/Et40s\"/ \\45f}e1 lr\n\\8f+u5]fnfa705aa4s5\nu{ \nau765}\"9E84+a\n{{\\[\"81u{5E\\s59-l49[\n/6 1{[a/03u]b-,}0-130\\2u\"/[r4,bauus-92l94lE.llE8E,b4E1.8:u")]
    [InlineData("{}/ 7")]
    public void A_json_inventory_with_text_after_its_top_level_value_ends_in_a_placed_error(string text) =>
        SecureMailOps.Fuzz.FuzzTargets.Run("inventory-json", Encoding.UTF8.GetBytes(text), _scratch);
}
