namespace SecureMailOps.TestSmtpServer;

/// <summary>The kinds of <see cref="ScriptAction"/>.</summary>
public enum ScriptActionKind
{
    Default,
    Reply,
    Drop,
    Hang,
}
