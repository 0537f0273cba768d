using System;
using System.Globalization;
using System.Linq;
using System.Security.Authentication;

namespace SecureMailOps.TestSmtpServer;

/// <summary>
/// Runs a scripted server until the process is stopped. Prints "PORT n PIN hex" first.
/// Arguments: --tls StartTls|Implicit|NoStartTls --cert SelfSigned|Expired|WrongName --tls12-only
/// --credentials user:password --auth-before-tls --fault Name --fault-count n --fault-recipient addr
/// --oauth-authority uri --oauth-user mailbox: XOAUTH2 tokens for that user are checked against the authority's JWKS
/// (read over HTTPS through its discovery document, trusting what SSL_CERT_FILE names); expired ones get 535 5.7.3.
/// Each accepted message is printed as "MESSAGE to=rcpt[,rcpt] subject=..." (so a test process can count deliveries).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new ServerOptions();
        Uri? oauthAuthority = null;
        string oauthUser = string.Empty;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            switch (args[i])
            {
                case "--tls": options.Tls = Enum.Parse<ServerTls>(value, true); i++; break;
                case "--cert": options.Certificate = Enum.Parse<ServerCertificate>(value, true); i++; break;
                case "--tls12-only": options.Protocols = SslProtocols.Tls12; break;
                case "--credentials": options.Credentials = value; i++; break;
                case "--auth-before-tls": options.AuthBeforeTls = true; break;
                case "--fault": options.Fault = Enum.Parse<Fault>(value, true); i++; break;
                case "--fault-count": options.FaultCount = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--fault-recipient": options.FaultRecipient = value; i++; break;
                case "--oauth-authority": oauthAuthority = new Uri(value); i++; break;
                case "--oauth-user": oauthUser = value; i++; break;
                default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
            }
        }

        if (oauthAuthority is not null)
        {
            using var handler = new System.Net.Http.HttpClientHandler();
            JwksTokenValidator jwks = JwksTokenValidator.FetchAsync(oauthAuthority, null, handler).GetAwaiter().GetResult();
            options.Credentials ??= "unused:unused";
            options.TokenExpiry = (user, token) => string.Equals(user, oauthUser, StringComparison.OrdinalIgnoreCase) ? jwks.Validate(token) : null;
        }

        using var server = new ScriptedSmtpServer(options);
        Console.WriteLine(FormattableString.Invariant($"PORT {server.Port} PIN {server.Pin}"));
        Console.Out.Flush();

        // Serve until the process is stopped (tests and benchmarks stop it by its PID), reporting accepted messages.
        int reported = 0;
        while (true)
        {
            ReceivedMessage[] messages = server.Messages.ToArray();
            for (; reported < messages.Length; reported++)
            {
                string subject = messages[reported].Data.Split("\r\n").FirstOrDefault(l => l.StartsWith("Subject: ", StringComparison.OrdinalIgnoreCase))?[9..] ?? string.Empty;
                Console.WriteLine($"MESSAGE to={string.Join(',', messages[reported].Recipients)} subject={subject}");
            }

            Console.Out.Flush();
            System.Threading.Thread.Sleep(100);
        }
    }
}
