using System;
using System.Globalization;
using Npgsql;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Postgres;
using Xunit;

namespace SecureMailOps.Core.Tests.StoreContract;

/// <summary>
/// The store's retries against a server that misbehaves on purpose: a trigger on otp_account (the row
/// every verification locks and writes its used step to) raises a chosen SQLSTATE while
/// <c>nextval('fault_seq')</c> is at most N. Sequences are not rolled back, so the fault fires exactly
/// N times across the store's attempts, and the sequence counts how often the trigger ran. And a
/// connection reset: the server terminating the pool's idle connection between two calls.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresRetryTests
{
    private static readonly byte[] Key = System.Text.Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
    private readonly PostgresServer _server;

    public PostgresRetryTests(PostgresServerFixture fixture) => _server = fixture.Server;

    [Theory]
    [InlineData("40001")]
    [InlineData("40P01")]
    public void A_serialization_failure_or_deadlock_below_the_retry_bound_is_retried_and_the_code_is_accepted_once(string sqlState)
    {
        string connection = _server.CreateDatabase();
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        int faults = PostgresStateStore.MaxAttempts - 1;
        PlantFault(connection, sqlState, faults);
        var authenticator = new OtpAuthenticator(store, () => Now);
        string code = OtpGenerator.ComputeTotp(Key, Now).Code;

        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, code, accountId: "retry").Reason);
        Assert.True(TriggerRuns(connection) > faults, "every planted fault fired, then an attempt got through");
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: "retry").Reason);
        Assert.Single(store.GetActivity("retry", null, 100), e => e.Outcome == nameof(OtpVerificationReason.Valid));
    }

    [Theory]
    [InlineData("40001")]
    [InlineData("40P01")]
    public void A_serialization_failure_or_deadlock_past_the_retry_bound_fails_clearly_accepts_nothing_and_the_next_call_works(string sqlState)
    {
        string connection = _server.CreateDatabase();
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        PlantFault(connection, sqlState, PostgresStateStore.MaxAttempts);
        var authenticator = new OtpAuthenticator(store, () => Now);
        string code = OtpGenerator.ComputeTotp(Key, Now).Code;

        var error = Assert.Throws<SecureMailOpsException>(() => authenticator.VerifyTotp(Key, code, accountId: "retry"));
        Assert.Equal((StateStoreErrorIds.Busy, FailureKind.ResourceBusy), (error.ErrorId, error.Kind));
        Assert.Contains(sqlState, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Password, error.ToString(), StringComparison.Ordinal);
        Assert.Equal((long)PostgresStateStore.MaxAttempts, TriggerRuns(connection));
        Assert.DoesNotContain(store.GetActivity("retry", null, 100), e => e.Outcome == nameof(OtpVerificationReason.Valid));

        // Nothing was accepted: the same code is valid once now that the server behaves, then refused.
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, code, accountId: "retry").Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: "retry").Reason);
    }

    [Theory]
    [InlineData("42501")] // insufficient_privilege
    [InlineData("23514")] // check_violation
    [InlineData("P0001")] // raise_exception
    public void A_statement_the_server_refuses_is_not_retried(string sqlState)
    {
        string connection = _server.CreateDatabase();
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        PlantFault(connection, sqlState, 1000);
        var authenticator = new OtpAuthenticator(store, () => Now);

        var error = Assert.Throws<SecureMailOpsException>(() => authenticator.VerifyTotp(Key, OtpGenerator.ComputeTotp(Key, Now).Code, accountId: "refused"));
        Assert.Equal((StateStoreErrorIds.Failed, FailureKind.WriteError), (error.ErrorId, error.Kind));
        Assert.Contains(sqlState, error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, TriggerRuns(connection));
    }

    [Fact]
    public void A_connection_reset_between_calls_is_retried_on_a_fresh_connection_and_accepts_nothing_twice()
    {
        string applicationName = "smo-reset-" + Guid.NewGuid().ToString("N")[..12];
        string connection = new NpgsqlConnectionStringBuilder(_server.CreateDatabase()) { ApplicationName = applicationName }.ConnectionString;
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        var authenticator = new OtpAuthenticator(store, () => Now);
        string code = OtpGenerator.ComputeTotp(Key, Now).Code;
        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, code, accountId: "reset-a").Reason);

        // The pool's idle connections are cut by the server (57P01, as on a failover or a restart): the next call's first statement meets a dead connection.
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { ApplicationName = "smo-reset-admin", Pooling = false }.ConnectionString))
        {
            admin.Open();
            using var terminate = new NpgsqlCommand("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t", admin);
            terminate.Parameters.AddWithValue(applicationName);
            Assert.True((long)terminate.ExecuteScalar()! >= 1, "the store's pooled connection was terminated");
        }

        Assert.Equal(OtpVerificationReason.Valid, authenticator.VerifyTotp(Key, code, accountId: "reset-b").Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: "reset-a").Reason);
        Assert.Equal(OtpVerificationReason.Replayed, authenticator.VerifyTotp(Key, code, accountId: "reset-b").Reason);
    }

    [Fact]
    public void A_wrong_password_is_an_access_error_not_an_outage_and_the_password_is_not_in_it()
    {
        // Review finding (session 7 note): opening with a wrong password was StateStoreUnavailable (ConnectionError),
        // as if the server were down, so a worker would be retried and paged as an outage instead of fixed.
        string wrong = "Wrong-" + Guid.NewGuid().ToString("N");
        string connection = new NpgsqlConnectionStringBuilder(_server.CreateDatabase()) { Password = wrong }.ConnectionString;
        var error = Assert.Throws<SecureMailOpsException>(() => PostgresStateStore.Open(connection));
        Assert.Equal((StateStoreErrorIds.AccessDenied, FailureKind.AuthenticationError), (error.ErrorId, error.Kind));
        Assert.Contains("28P01", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_the_server_refuses_is_a_read_error_naming_the_state_not_an_outage()
    {
        // Reads (Get-OtpActivity) and migrations mapped every server error to StateStoreUnavailable: a table that is
        // gone (42P01) is a damaged store, not a server that cannot be reached.
        string connection = _server.CreateDatabase();
        using PostgresStateStore store = PostgresStateStore.Open(connection);
        using (var db = new NpgsqlConnection(connection))
        {
            db.Open();
            using var drop = new NpgsqlCommand("DROP TABLE activity", db);
            drop.ExecuteNonQuery();
        }

        var error = Assert.Throws<SecureMailOpsException>(() => store.GetActivity(null, null, 10));
        Assert.Equal((StateStoreErrorIds.Failed, FailureKind.ReadError), (error.ErrorId, error.Kind));
        Assert.Contains("42P01", error.Message, StringComparison.Ordinal);
    }

    // As the database's owner (the worker role): a sequence, a PL/pgSQL trigger function and the trigger.
    private static void PlantFault(string connection, string sqlState, int faults)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand(
            "CREATE SEQUENCE fault_seq; " +
            "CREATE FUNCTION planted_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
            $"IF nextval('fault_seq') <= {faults.ToString(CultureInfo.InvariantCulture)} THEN RAISE EXCEPTION 'planted fault' USING ERRCODE = '{sqlState}'; END IF; " +
            "RETURN NEW; END $$; " +
            "CREATE TRIGGER planted_fault BEFORE INSERT OR UPDATE ON otp_account FOR EACH ROW EXECUTE FUNCTION planted_fault();",
            db);
        command.ExecuteNonQuery();
    }

    private static long TriggerRuns(string connection)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM fault_seq", db);
        return (long)command.ExecuteScalar()!;
    }
}
