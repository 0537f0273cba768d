using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using MimeKit;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Benchmarks.Mail;

/// <summary>
/// What building one message costs, without a network (issue 11): the engine's MessageBuilder against the raw
/// baseline's MimeMessage, and the MimeKit pieces inside them. Run as "SecureMailOps.Benchmarks smtp-build-cost".
/// Prints per call: best time of 6 rounds of 20,000 calls (microseconds; moves with the load) and KB allocated
/// on this thread (does not move with the load).
/// </summary>
public static class MessageBuildCost
{
    public static int Run(string[] args)
    {
        var builder = new MessageBuilder();
        Measure("raw baseline MimeMessage", i => RawMailKitParallel.Message(i));
        Measure("MessageBuilder.Build", i => builder.Build(Outgoing(i)));
        Measure("new MimeMessage()", _ => new MimeMessage());
        Measure("GenerateMessageId(domain)", _ => MimeKit.Utils.MimeUtils.GenerateMessageId("example.test"));
        Measure("raw baseline + WriteTo", i => Write(RawMailKitParallel.Message(i)));
        Measure("MessageBuilder + WriteTo", i => Write(builder.Build(Outgoing(i))));
        return 0;
    }

    private static MimeMessage Write(MimeMessage message)
    {
        message.WriteTo(Stream.Null);
        return message;
    }

    private static void Measure(string name, Func<int, object> build)
    {
        const int Calls = 20000;
        double best = double.MaxValue;
        double kb = 0;
        for (int round = 0; round < 6; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Calls; i++)
            {
                build(i);
            }

            clock.Stop();
            kb = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / Calls;
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds * 1000 / Calls);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {best,8:0.00} us {kb,7:0.00} KB"));
    }

    private static OutgoingMessage Outgoing(int i)
    {
        var message = new OutgoingMessage { From = "bench@example.test", Subject = "Bench " + i.ToString(CultureInfo.InvariantCulture), TextBody = "Benchmark message body." };
        message.To.Add("bob@example.test");
        return message;
    }
}
