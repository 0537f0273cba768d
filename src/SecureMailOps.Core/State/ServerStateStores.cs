using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.State;

/// <summary>
/// The shared (server) stores a session opened: PostgreSQL, one per connection string and password,
/// kept open (with its connection pool) for the session and closed with <see cref="CloseAll"/>. The
/// PostgreSQL store lives in its own assembly (SecureMailOps.Postgres, .NET 8 or later, Npgsql), loaded
/// by name into the engine's load context the first time a connection string is used.
/// </summary>
public static class ServerStateStores
{
    private const string AssemblyName = "SecureMailOps.Postgres";
    private const string TypeName = "SecureMailOps.Postgres.PostgresStateStore";
    private static readonly ConcurrentDictionary<string, Lazy<IStateStore>> OpenStores = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether a store location (for example SECUREMAILOPS_STORE) names a server rather than a file.</summary>
    /// <param name="location">The location.</param>
    /// <returns>True for <c>postgresql://</c> and <c>postgres://</c> URIs.</returns>
    public static bool IsServerLocation(string? location) =>
        location is not null && (location.TrimStart().StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || location.TrimStart().StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns the session's store for a connection string (and password), opening and migrating it on first use.</summary>
    /// <param name="connection">A PostgreSQL connection string or <c>postgresql://</c> URI.</param>
    /// <param name="password">The password when it is not in the connection string, or null.</param>
    /// <returns>The store.</returns>
    public static IStateStore Open(string connection, string? password)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new SecureMailOpsException(StateStoreErrorIds.ConnectionStringInvalid, FailureKind.InvalidArgument, "The store connection string is empty.");
        }

        // Keyed by a hash: the password is not kept as a dictionary key.
        string key = Hash(connection + "\n" + (password ?? string.Empty));
        Lazy<IStateStore> store = OpenStores.GetOrAdd(key, _ => new Lazy<IStateStore>(() => Create(connection, password)));
        try
        {
            return store.Value;
        }
        catch
        {
            OpenStores.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Closes every server store the session opened.</summary>
    public static void CloseAll()
    {
        foreach (Lazy<IStateStore> store in OpenStores.Values)
        {
            if (store.IsValueCreated && store.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        OpenStores.Clear();
    }

    private static IStateStore Create(string connection, string? password)
    {
        MethodInfo open;
        try
        {
            Type type = Assembly.Load(new AssemblyName(AssemblyName)).GetType(TypeName, throwOnError: true)!;
            open = type.GetMethod("Open", new[] { typeof(string), typeof(string) })!;
        }
        catch (Exception ex) when (ex is System.IO.FileNotFoundException or System.IO.FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new SecureMailOpsException(
                StateStoreErrorIds.OpenFailed,
                FailureKind.InvalidOperation,
                $"The PostgreSQL store needs PowerShell 7.4 or later (.NET 8+); it could not be loaded here: {ex.GetType().Name}.",
                null,
                ex);
        }

        try
        {
            return (IStateStore)open.Invoke(null, new object?[] { connection, password })!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is SecureMailOpsException inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private static string Hash(string text)
    {
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }
}
