namespace SecureMailOps.TestSmtpServer;

/// <summary>What the script tells the server to do at a step: behave, answer something else, hang up, or go silent.</summary>
public sealed class ScriptAction
{
    private ScriptAction(ScriptActionKind kind, string reply)
    {
        Kind = kind;
        Reply = reply;
    }

    public static ScriptAction Default { get; } = new(ScriptActionKind.Default, string.Empty);

    /// <summary>Gets an action that closes the connection without a reply.</summary>
    public static ScriptAction Drop { get; } = new(ScriptActionKind.Drop, string.Empty);

    /// <summary>Gets an action that never answers again on this connection.</summary>
    public static ScriptAction Hang { get; } = new(ScriptActionKind.Hang, string.Empty);

    public ScriptActionKind Kind { get; }

    public string Reply { get; }

    /// <summary>Answers with this reply line instead (a 421 also closes the connection, as servers do).</summary>
    public static ScriptAction Answer(string reply) => new(ScriptActionKind.Reply, reply);
}
