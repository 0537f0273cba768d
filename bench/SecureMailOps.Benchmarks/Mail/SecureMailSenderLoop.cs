using System;
using System.Diagnostics;
using System.Globalization;
using System.Security;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Benchmarks.Mail;

/// <summary>
/// The engine alone (SecureMailSender.SendAsync awaited in turn over one connection), to separate engine cost from
/// PowerShell pipeline cost in bench/Smtp-Throughput.ps1. Same arguments and output as RawMailKitLoop.
/// </summary>
public static class SecureMailSenderLoop
{
    public static int Run(string[] args)
    {
        var profile = new SmtpProfile(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        profile.AddCertificatePins(new[] { args[3] });
        var password = new SecureString();
        foreach (char c in args[5])
        {
            password.AppendChar(c);
        }

        profile.SetPassword(args[4], password);
        int count = int.Parse(args[6], CultureInfo.InvariantCulture);
        using var sender = new SecureMailSender(profile);
        for (int i = 0; i < count; i++)
        {
            sender.SendAsync(Message(i)).GetAwaiter().GetResult();
        }

        // Best of three timed rounds after a full warm-up round (so the JIT has reached steady state);
        // the script also interleaves runs of every client and keeps each one's best.
        double best = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                sender.SendAsync(Message(i)).GetAwaiter().GetResult();
            }

            best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(best.ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static OutgoingMessage Message(int i)
    {
        var message = new OutgoingMessage { From = "bench@example.com", Subject = "Bench " + i.ToString(CultureInfo.InvariantCulture), TextBody = "Benchmark message body." };
        message.To.Add("rcpt@example.com");
        return message;
    }
}
