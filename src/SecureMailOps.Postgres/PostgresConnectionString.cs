using System;
using System.Globalization;
using Npgsql;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;

namespace SecureMailOps.Postgres;

/// <summary>
/// Reads a PostgreSQL connection string or a <c>postgresql://user:password@host:port/database?sslmode=...</c>
/// URI into Npgsql settings, and describes a store without its password.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Gets a value indicating whether text is a PostgreSQL URI.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for <c>postgresql://</c> and <c>postgres://</c>.</returns>
    public static bool IsUri(string? text) =>
        text is not null && (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a connection string or URI.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The settings.</returns>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid("it is empty");
        }

        try
        {
            return IsUri(text) ? FromUri(text) : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or InvalidCastException)
        {
            // The message of the underlying parser may quote the text (and so a password): not passed on.
            throw Invalid("it is neither a connection string (Host=...;Database=...) nor a postgresql:// URI");
        }
    }

    /// <summary>Describes where a store is, never with its password.</summary>
    /// <param name="builder">The settings.</param>
    /// <returns>For example <c>postgresql://otp@db.example.com:5432/securemailops</c>.</returns>
    public static string Describe(NpgsqlConnectionStringBuilder builder) => string.Format(
        CultureInfo.InvariantCulture,
        "postgresql://{0}{1}:{2}/{3}",
        string.IsNullOrEmpty(builder.Username) ? string.Empty : builder.Username + "@",
        builder.Host,
        builder.Port,
        builder.Database);

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new FormatException("sslmode"),
                    };
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    builder[key] = value;
                    break;
            }
        }

        return builder;
    }

    private static SecureMailOpsException Invalid(string why) =>
        new(StateStoreErrorIds.ConnectionStringInvalid, FailureKind.InvalidArgument, $"The store connection string cannot be read: {why}.");
}
