using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Benchmarks.Mail;

/// <summary>
/// Where Send-SecureMail's client CPU goes (issue 11): the layers under the cmdlet measured one by one in one
/// process, over one connection each, against the same server, rounds interleaved. Run as
/// "SecureMailOps.Benchmarks smtp-cpu-breakdown host port pinSha256 user password count rounds".
/// Layers: raw MailKit synchronous (the baseline of bench/Smtp-Delivery.ps1), raw MailKit async, the engine's
/// SecureMailSender awaited per message, and SmtpDispatcher fed like the cmdlet feeds it. Each round connects,
/// does TLS and AUTH, sends count messages and says QUIT. Prints one line per layer: name, best CPU ms per
/// message, best wall ms per message (this process's TotalProcessorTime over the round), and from the last round
/// KB allocated per message and thread-pool work items per message (counts that do not move with the load).
/// </summary>
public static class SmtpCpuBreakdown
{
    public static int Run(string[] args)
    {
        string host = args[1];
        int port = int.Parse(args[2], CultureInfo.InvariantCulture);
        string pin = args[3];
        string user = args[4];
        string password = args[5];
        int count = int.Parse(args[6], CultureInfo.InvariantCulture);
        int rounds = int.Parse(args[7], CultureInfo.InvariantCulture);
        var credential = new NetworkCredential(user, password);
        SmtpProfile profile = Profile(host, port, pin, user, password);

        var layers = new (string Name, Action Round)[]
        {
            ("raw MailKit sync", () => RawSync(host, port, pin, credential, count)),
            ("raw MailKit async", () => RawAsync(host, port, pin, credential, count).GetAwaiter().GetResult()),
            ("SecureMailSender", () => Sender(profile, count).GetAwaiter().GetResult()),
            ("SmtpDispatcher", () => Dispatcher(profile, count).GetAwaiter().GetResult()),
        };
        var bestCpu = new Dictionary<string, double>();
        var bestWall = new Dictionary<string, double>();
        var allocated = new Dictionary<string, double>();
        var poolItems = new Dictionary<string, double>();
        using Process self = Process.GetCurrentProcess();
        for (int round = -1; round < rounds; round++)
        {
            foreach ((string name, Action run) in layers)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                self.Refresh();
                TimeSpan cpu = self.TotalProcessorTime;
                long bytes = GC.GetTotalAllocatedBytes(false);
                long items = ThreadPool.CompletedWorkItemCount;
                var wall = Stopwatch.StartNew();
                run();
                wall.Stop();
                allocated[name] = (GC.GetTotalAllocatedBytes(false) - bytes) / 1024.0 / count;
                poolItems[name] = (ThreadPool.CompletedWorkItemCount - items) / (double)count;
                self.Refresh();
                double cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds / count;
                double wallMs = wall.Elapsed.TotalMilliseconds / count;
                if (round < 0)
                {
                    continue; // warm-up round (JIT)
                }

                bestCpu[name] = Math.Min(bestCpu.GetValueOrDefault(name, double.MaxValue), cpuMs);
                bestWall[name] = Math.Min(bestWall.GetValueOrDefault(name, double.MaxValue), wallMs);
            }
        }

        foreach ((string name, _) in layers)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{bestCpu[name]:0.0000}\t{bestWall[name]:0.0000}\t{allocated[name]:0.0}\t{poolItems[name]:0.00}"));
        }

        return 0;
    }

    private static SmtpProfile Profile(string host, int port, string pin, string user, string password)
    {
        var profile = new SmtpProfile(host, port) { Timeout = TimeSpan.FromSeconds(60) };
        profile.AddCertificatePins(new[] { pin });
        var secret = new SecureString();
        foreach (char c in password)
        {
            secret.AppendChar(c);
        }

        profile.SetPassword(user, secret);
        return profile;
    }

    private static SmtpClient Client(string pin)
    {
        var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pin;
        return client;
    }

    private static void RawSync(string host, int port, string pin, NetworkCredential credential, int count)
    {
        using SmtpClient client = Client(pin);
        client.Connect(host, port, SecureSocketOptions.StartTls);
        client.Authenticate(credential);
        for (int i = 0; i < count; i++)
        {
            client.Send(RawMailKitParallel.Message(i));
        }

        client.Disconnect(true);
    }

    private static async Task RawAsync(string host, int port, string pin, NetworkCredential credential, int count)
    {
        using SmtpClient client = Client(pin);
        await client.ConnectAsync(host, port, SecureSocketOptions.StartTls).ConfigureAwait(false);
        await client.AuthenticateAsync(credential).ConfigureAwait(false);
        for (int i = 0; i < count; i++)
        {
            await client.SendAsync(RawMailKitParallel.Message(i)).ConfigureAwait(false);
        }

        await client.DisconnectAsync(true).ConfigureAwait(false);
    }

    private static async Task Sender(SmtpProfile profile, int count)
    {
        using var sender = new SecureMailSender(profile);
        for (int i = 0; i < count; i++)
        {
            await sender.SendAsync(Outgoing(i)).ConfigureAwait(false);
        }

        await sender.DisconnectAsync().ConfigureAwait(false);
    }

    private static async Task Dispatcher(SmtpProfile profile, int count)
    {
        int delivered = 0;
        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = o => delivered += o.Receipt is null ? 0 : 1 });
        for (int i = 0; i < count; i++)
        {
            await dispatcher.EnqueueAsync(profile, Outgoing(i)).ConfigureAwait(false);
        }

        await dispatcher.CompleteAsync().ConfigureAwait(false);
        if (delivered != count)
        {
            throw new InvalidOperationException($"Only {delivered} of {count} delivered.");
        }
    }

    private static OutgoingMessage Outgoing(int i)
    {
        var message = new OutgoingMessage { From = "bench@example.test", Subject = "Bench " + i.ToString(CultureInfo.InvariantCulture), TextBody = "Benchmark message body." };
        message.To.Add("bob@example.test");
        return message;
    }
}
