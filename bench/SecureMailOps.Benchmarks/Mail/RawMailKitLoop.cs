using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SecureMailOps.Benchmarks.Mail;

/// <summary>
/// The baseline for bench/Smtp-Throughput.ps1: a plain MailKit loop over one STARTTLS connection,
/// what a careful C# programmer would write by hand. Run as
/// "SecureMailOps.Benchmarks smtp-raw-loop host port pinSha256 user password count"; prints the
/// milliseconds for the timed loop (after a warm-up of 20 messages on the same connection).
/// </summary>
public static class RawMailKitLoop
{
    public static int Run(string[] args)
    {
        string host = args[1];
        int port = int.Parse(args[2], CultureInfo.InvariantCulture);
        string pin = args[3];
        string user = args[4];
        string password = args[5];
        int count = int.Parse(args[6], CultureInfo.InvariantCulture);

        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pin;
        client.Connect(host, port, SecureSocketOptions.StartTls);
        client.Authenticate(new NetworkCredential(user, password));
        for (int i = 0; i < 20; i++)
        {
            client.Send(Message(i));
        }

        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            client.Send(Message(i));
        }

        stopwatch.Stop();
        client.Disconnect(true);
        Console.WriteLine(stopwatch.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static MimeMessage Message(int i)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("bench@example.com"));
        message.To.Add(MailboxAddress.Parse("rcpt@example.com"));
        message.Subject = "Bench " + i.ToString(CultureInfo.InvariantCulture);
        message.Body = new TextPart("plain") { Text = "Benchmark message body." };
        return message;
    }
}
