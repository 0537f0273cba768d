using System;
using System.IO;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Tests.Challenges;

/// <summary>A real SQLite store in a temporary folder, removed after the test.</summary>
internal sealed class TempStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smo-challenge-" + Guid.NewGuid().ToString("n"));

    public TempStore()
    {
        Store = SqliteStateStore.Open(Path.Combine(_folder, "state.db"));
    }

    public SqliteStateStore Store { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a lingering temp folder must not fail a test.
        }
    }
}
