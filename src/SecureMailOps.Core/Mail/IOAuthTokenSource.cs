using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Where a profile's XOAUTH2 access tokens come from (a token acquired and refreshed by the module, instead
/// of one fixed token). The sender asks once per connection, and once more with <c>forceRefresh</c> when the
/// server refused the token it was given (535 5.7.3 or an XOAUTH2 error challenge), before it gives up.
/// </summary>
public interface IOAuthTokenSource
{
    /// <summary>Gets an access token; the caller disposes it after use.</summary>
    /// <param name="forceRefresh">True when the server refused the last token: a cached one must not be returned.</param>
    /// <param name="cancellationToken">Cancels the acquisition.</param>
    /// <returns>The token (never logged, never in errors).</returns>
    Task<SecureString> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
