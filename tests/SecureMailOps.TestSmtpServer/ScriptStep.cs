namespace SecureMailOps.TestSmtpServer;

/// <summary>Where a scripted server is in its conversation when it asks its script what to do.</summary>
public sealed class ScriptStep
{
    public ScriptStep(int connection, int transaction, string verb, string argument)
    {
        Connection = connection;
        Transaction = transaction;
        Verb = verb;
        Argument = argument;
    }

    /// <summary>Gets which connection this is (1 for the first accepted).</summary>
    public int Connection { get; }

    /// <summary>Gets the number of the current mail transaction across all connections (1 for the first MAIL FROM).</summary>
    public int Transaction { get; }

    /// <summary>Gets GREETING, MAIL, RCPT, DATA (before 354) or DOT (after the final dot, before the reply).</summary>
    public string Verb { get; }

    /// <summary>Gets the address of MAIL or RCPT; empty otherwise.</summary>
    public string Argument { get; }
}
