using System;

namespace SecureMailOps.Core.Mail;

/// <summary>What a batch caller must do with one <see cref="SmtpDeliveryOutcome"/> (see <see cref="SmtpBatchTally.Record"/>).</summary>
[Flags]
public enum SmtpOutcomeAction
{
    /// <summary>Nothing to write.</summary>
    None = 0,

    /// <summary>There is a receipt (somebody got the message): write it when receipts are asked for.</summary>
    WriteReceipt = 1,

    /// <summary>Report <see cref="SmtpDeliveryOutcome.Error"/> as a non-terminating error.</summary>
    WriteError = 2,

    /// <summary>Report <see cref="SmtpDeliveryOutcome.Error"/> as terminating: the failure would repeat for every later message.</summary>
    StopBatch = 4,
}
