namespace SecureMailOps.Core.Mail;

/// <summary>What became of one message, as far as the client can know.</summary>
public enum SmtpDeliveryStatus
{
    /// <summary>Every recipient was accepted.</summary>
    Delivered,

    /// <summary>Some recipients were accepted; the others were refused or their delivery is unknown. Never sent again to the accepted ones.</summary>
    PartiallyDelivered,

    /// <summary>Nothing was delivered to anyone.</summary>
    Failed,

    /// <summary>The connection was lost after the message data was sent and before the server's reply: it may or may not have been accepted.</summary>
    DeliveryUnknown,
}
