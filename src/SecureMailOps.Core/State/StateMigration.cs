namespace SecureMailOps.Core.State;

/// <summary>One step of the store's schema: applied once, in order, inside the opening transaction.</summary>
public sealed class StateMigration
{
    /// <summary>Creates a migration.</summary>
    /// <param name="version">The schema version it produces (1, 2, ...).</param>
    /// <param name="description">What it adds.</param>
    /// <param name="sql">The statements.</param>
    public StateMigration(int version, string description, string sql)
    {
        Version = version;
        Description = description;
        Sql = sql;
    }

    /// <summary>Gets the schema version this migration produces.</summary>
    public int Version { get; }

    /// <summary>Gets what the migration adds.</summary>
    public string Description { get; }

    /// <summary>Gets the SQL statements.</summary>
    public string Sql { get; }
}
