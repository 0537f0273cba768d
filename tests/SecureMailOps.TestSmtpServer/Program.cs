using System;
using System.Globalization;
using System.Security.Authentication;

namespace SecureMailOps.TestSmtpServer;

/// <summary>
/// Runs a scripted server until the process is stopped. Prints "PORT n PIN hex" first.
/// Arguments: --tls StartTls|Implicit|NoStartTls --cert SelfSigned|Expired|WrongName --tls12-only
/// --credentials user:password --auth-before-tls --fault Name --fault-count n --fault-recipient addr
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new ServerOptions();
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
                default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
            }
        }

        using var server = new ScriptedSmtpServer(options);
        Console.WriteLine(FormattableString.Invariant($"PORT {server.Port} PIN {server.Pin}"));
        Console.Out.Flush();
        // Serve until the process is stopped (tests and benchmarks stop it by its PID).
        System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
        return 0;
    }
}
