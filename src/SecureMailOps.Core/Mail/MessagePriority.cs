namespace SecureMailOps.Core.Mail;

/// <summary>The priority a message is marked with (X-Priority, Importance).</summary>
public enum MessagePriority
{
    /// <summary>No priority headers are added.</summary>
    Normal,

    /// <summary>Urgent.</summary>
    High,

    /// <summary>Non-urgent.</summary>
    Low,
}
