using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>
/// A real PostgreSQL 15 (Debian's postgresql package) started by the tests: initdb into a temporary
/// folder as an unprivileged user (the postgres account when the tests run as root: PostgreSQL refuses
/// to run as root), pg_ctl start on a free loopback port, a login role with a password, and stopped
/// and deleted afterwards. A missing installation fails the tests with the package to install.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Role = "smo_worker";
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private readonly string _superPassword = "super-" + Guid.NewGuid().ToString("N");

    public PostgresServer()
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinFolder}/initdb is missing): apt-get install postgresql.");
        }

        Password = "Planted-PG-Pa55word-" + Guid.NewGuid().ToString("N")[..8];
        _folder = Path.Combine(Path.GetTempPath(), "smo-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "pw"), _superPassword + "\n");
        if (IsRoot)
        {
            Run("/bin/chown", "-R", "postgres", _folder);
        }

        Port = FreePort();
        RunAsServerUser("initdb", "-D", DataFolder, "-A", "scram-sha-256", "--pwfile=" + Path.Combine(_folder, "pw"), "-U", "postgres", "--no-sync");
        Start();
        using var connection = new NpgsqlConnection(ConnectionString("postgres", "postgres", _superPassword));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE ROLE {Role} LOGIN PASSWORD '{Password}' CREATEDB", connection);
        command.ExecuteNonQuery();
    }

    public int Port { get; }

    /// <summary>Gets the planted password of the worker role (tests search every stream for it).</summary>
    public string Password { get; }

    public string DataFolder => Path.Combine(_folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates an empty database owned by the worker role and returns its connection string (with the password).</summary>
    public string CreateDatabase()
    {
        string name = "smo_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(ConnectionString("postgres", "postgres", _superPassword)))
        {
            connection.Open();

            // CREATE DATABASE cannot run inside a transaction block: on its own.
            using var command = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {Role}", connection);
            command.ExecuteNonQuery();
        }

        return ConnectionString(name, Role, Password);
    }

    public string ConnectionString(string database, string user, string? password) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = user, Password = password, Timeout = 5, CommandTimeout = 30 }.ToString();

    public void Start() =>
        RunAsServerUser("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "log"), "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=on", "-w", "-t", "60", "start");

    /// <summary>Kills the server the way a crash would (no checkpoint, connections dropped).</summary>
    public void Crash() => RunAsServerUser("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        try
        {
            RunAsServerUser("pg_ctl", "-D", DataFolder, "-m", "fast", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a fault test crashed it last).
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void RunAsServerUser(string tool, params string[] arguments)
    {
        string path = Path.Combine(BinFolder, tool);
        if (!IsRoot)
        {
            Run(path, arguments);
            return;
        }

        // su postgres -s /bin/sh -c '<tool> <args>': each argument single-quoted for the shell.
        var line = new System.Text.StringBuilder(path);
        foreach (string argument in arguments)
        {
            line.Append(" '").Append(argument.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }

        Run("/bin/su", "postgres", "-s", "/bin/sh", "-c", line.ToString());
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {output}");
        }
    }
}
