using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SecureMailOps.Core.Otp;
using SecureMailOps.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>
/// Connection pooling seen from the server: the backends one store opens are counted in
/// pg_stat_activity by the store's own Application Name while 200 verifications run from 8 threads.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresPoolingTests
{
    private const int MaxPoolSize = 4;
    private const int Verifications = 200;
    private readonly PostgresServer _server;
    private readonly ITestOutputHelper _output;

    public PostgresPoolingTests(PostgresServerFixture fixture, ITestOutputHelper output)
    {
        _server = fixture.Server;
        _output = output;
    }

    [Fact]
    public void Two_hundred_verifications_from_one_store_open_at_most_the_pools_maximum_of_server_backends()
    {
        (int pooled, int pooledValid) = CountBackends(pooling: true);
        Assert.Equal(Verifications, pooledValid);
        Assert.InRange(pooled, 1, MaxPoolSize);

        // The same count with Pooling=false: a backend per verification, so the count can fail and sees more than the maximum.
        (int unpooled, int unpooledValid) = CountBackends(pooling: false);
        _output.WriteLine($"{Verifications} verifications, 8 threads, Maximum Pool Size={MaxPoolSize}: {pooled} backends pooled, {unpooled} with Pooling=false");
        Assert.Equal(Verifications, unpooledValid);
        Assert.True(unpooled > MaxPoolSize, $"without pooling {unpooled} backends were seen, expected more than {MaxPoolSize}");
    }

    // Distinct backends (pid and start time) seen under the store's Application Name by a sampler polling
    // pg_stat_activity on its own connection during the run and once after it; and how many verifications were Valid.
    private (int Backends, int Valid) CountBackends(bool pooling)
    {
        string applicationName = "smo-pool-" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(_server.CreateDatabase()) { ApplicationName = applicationName, MaxPoolSize = MaxPoolSize, Pooling = pooling };
        var backends = new ConcurrentDictionary<(int Pid, DateTime Started), byte>();
        using var sampler = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { ApplicationName = "smo-pool-sampler", Pooling = false }.ConnectionString);
        sampler.Open();
        void Sample()
        {
            using var command = new NpgsqlCommand("SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = $1", sampler);
            command.Parameters.AddWithValue(applicationName);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                backends.TryAdd((reader.GetInt32(0), reader.GetDateTime(1)), 0);
            }
        }

        int valid = 0;
        using (PostgresStateStore store = PostgresStateStore.Open(builder.ConnectionString))
        {
            byte[] key = System.Text.Encoding.ASCII.GetBytes("12345678901234567890");
            DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
            string code = OtpGenerator.ComputeTotp(key, now).Code;
            var authenticator = new OtpAuthenticator(store, () => now);
            using var done = new CancellationTokenSource();
            Task sampling = Task.Run(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    Sample();
                }
            });
            Parallel.For(0, Verifications, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                if (authenticator.VerifyTotp(key, code, accountId: "pool-" + i).Valid)
                {
                    Interlocked.Increment(ref valid);
                }
            });
            done.Cancel();
            sampling.Wait();
            Sample();
        }

        return (backends.Count, valid);
    }
}
