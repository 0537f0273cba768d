using System;
using System.IO;

namespace SecureMailOps.Core.Tests.State;

/// <summary>A temporary folder for one test's SQLite store, removed afterwards.</summary>
internal sealed class TestStore : IDisposable
{
    public TestStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "smo-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Path1 => Path.Combine(Folder, "state.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
