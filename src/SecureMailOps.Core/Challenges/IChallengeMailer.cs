using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Core.Challenges;

/// <summary>Delivers a rendered challenge mail; the cmdlet layer binds it to a secure SMTP profile.</summary>
public interface IChallengeMailer
{
    /// <summary>Sends the message, or throws when the server did not accept it.</summary>
    /// <param name="recipient">The recipient address.</param>
    /// <param name="message">The rendered mail.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the server accepted the message.</returns>
    Task SendAsync(string recipient, ChallengeMessage message, CancellationToken cancellationToken);
}
