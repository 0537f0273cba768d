namespace SecureMailOps.Core.Mail;

/// <summary>
/// The batch caller's policy over the dispatcher's outcomes, kept in the engine so it is tested in xunit:
/// a receipt whenever any recipient got the message (delivered or partially delivered, the latter with its
/// SmtpPartiallyDelivered error too, never a terminating one); a failure that ends its profile (TLS,
/// certificate, credentials) stops the batch instead of producing one identical error per message; any
/// other failure is one non-terminating error. Counts what was sent and what was not, for progress.
/// Not thread-safe: call from the thread that writes the output.
/// </summary>
public sealed class SmtpBatchTally
{
    /// <summary>Gets how many messages reached at least one recipient.</summary>
    public int Sent { get; private set; }

    /// <summary>Gets how many messages reached nobody (failed, delivery unknown, or refused before sending).</summary>
    public int Failed { get; private set; }

    /// <summary>Gets the progress line: "N sent, N failed".</summary>
    public string Status => $"{Sent} sent, {Failed} failed";

    /// <summary>Counts an outcome and says what to write for it.</summary>
    /// <param name="outcome">The dispatcher's outcome.</param>
    /// <returns>The actions, combined.</returns>
    public SmtpOutcomeAction Record(SmtpDeliveryOutcome outcome)
    {
        if (outcome is null)
        {
            throw new System.ArgumentNullException(nameof(outcome));
        }

        SmtpOutcomeAction action = SmtpOutcomeAction.None;
        if (outcome.Receipt is not null)
        {
            Sent++;
            action |= SmtpOutcomeAction.WriteReceipt;
        }
        else
        {
            Failed++;
        }

        if (outcome.Error is not null)
        {
            // A receipt's error (partial delivery) is never terminating: the message went out.
            action |= outcome.StopsProfile && outcome.Receipt is null ? SmtpOutcomeAction.StopBatch : SmtpOutcomeAction.WriteError;
        }

        return action;
    }

    /// <summary>Counts a message refused before it was queued (a bad address, a missing attachment).</summary>
    public void RecordNotSent() => Failed++;
}
