using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Challenges;

namespace SecureMailOps.Core.Tests.Challenges;

/// <summary>A fake mailer that keeps what it was given, or fails on demand.</summary>
internal sealed class CapturingMailer : IChallengeMailer
{
    public List<(string Recipient, ChallengeMessage Message)> Sent { get; } = [];

    public Exception? FailWith { get; set; }

    public string LastCode => Regex.Match(Sent[^1].Message.TextBody, @"^\s+(\d{7,10})\s*$", RegexOptions.Multiline).Groups[1].Value;

    public Task SendAsync(string recipient, ChallengeMessage message, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            return Task.FromException(FailWith);
        }

        Sent.Add((recipient, message));
        return Task.CompletedTask;
    }
}
