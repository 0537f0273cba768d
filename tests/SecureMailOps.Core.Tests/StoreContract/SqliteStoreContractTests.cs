using System;
using SecureMailOps.Core.State;
using SecureMailOps.Core.Tests.State;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>The store contract against the embedded SQLite store.</summary>
public sealed class SqliteStoreContractTests : StateStoreContract, IDisposable
{
    private readonly TestStore _temp = new();

    public SqliteStoreContractTests()
    {
        Store = SqliteStateStore.Open(_temp.DatabasePath);
    }

    protected override IStateStore Store { get; }

    public void Dispose()
    {
        ((SqliteStateStore)Store).Dispose();
        _temp.Dispose();
    }
}
