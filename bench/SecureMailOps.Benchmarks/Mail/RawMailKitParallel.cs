using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SecureMailOps.Benchmarks.Mail;

/// <summary>
/// The raw MailKit baseline for bench/Smtp-Delivery.ps1 (issue 11): K connections, each a plain synchronous
/// MailKit loop on its own thread, with the same STARTTLS, certificate pin and AUTH as Send-SecureMail. Run as
/// "SecureMailOps.Benchmarks smtp-raw-parallel host port pinSha256 user password count connections".
/// One untimed warm-up round (or as many as an optional ninth argument says), then one timed round that includes
/// connecting, TLS, AUTH and QUIT (as a Send-SecureMail call does). Prints
/// "wallMs cpuMs allocatedBytes threadPoolItems gen0 gen1 gen2": wall time, this process's CPU time, bytes allocated,
/// thread-pool work items completed and garbage collections per generation, all over the timed round (the same
/// counters bench/Smtp-Delivery.ps1 reads around a Send-SecureMail call).
/// </summary>
public static class RawMailKitParallel
{
    public static int Run(string[] args)
    {
        string host = args[1];
        int port = int.Parse(args[2], CultureInfo.InvariantCulture);
        string pin = args[3];
        var credential = new NetworkCredential(args[4], args[5]);
        int count = int.Parse(args[6], CultureInfo.InvariantCulture);
        int connections = int.Parse(args[7], CultureInfo.InvariantCulture);

        int warmupRounds = args.Length > 8 ? int.Parse(args[8], CultureInfo.InvariantCulture) : 1;
        for (int w = 0; w < warmupRounds; w++)
        {
            Round(host, port, pin, credential, count, connections);
        }

        using Process self = Process.GetCurrentProcess();
        GC.Collect();
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(true);
        long itemsBefore = ThreadPool.CompletedWorkItemCount;
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        Round(host, port, pin, credential, count, connections);
        wall.Stop();
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        long allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        long items = ThreadPool.CompletedWorkItemCount - itemsBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{wall.Elapsed.TotalMilliseconds:0.0} {cpu:0.0} {allocated} {items} {GC.CollectionCount(0) - gen0} {GC.CollectionCount(1) - gen1} {GC.CollectionCount(2) - gen2}"));
        return 0;
    }

    private static void Round(string host, int port, string pin, NetworkCredential credential, int count, int connections)
    {
        Parallel.For(0, connections, new ParallelOptions { MaxDegreeOfParallelism = connections }, c =>
        {
            using var client = new SmtpClient();
            client.ServerCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pin;
            client.Connect(host, port, SecureSocketOptions.StartTls);
            client.Authenticate(credential);
            for (int i = c; i < count; i += connections)
            {
                client.Send(Message(i));
            }

            client.Disconnect(true);
        });
    }

    /// <summary>The message every raw baseline sends (same content as the cmdlet's benchmark rows).</summary>
    internal static MimeMessage Message(int i)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("bench@example.test"));
        message.To.Add(MailboxAddress.Parse("bob@example.test"));
        message.Subject = "Bench " + i.ToString(CultureInfo.InvariantCulture);
        message.Body = new TextPart("plain") { Text = "Benchmark message body." };
        return message;
    }
}
