using System;
using System.Security;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;

namespace SecureMailOps.Core.Tests.Mail;

internal static class SmtpTestSupport
{
    public const string User = "alice";
    public const string Password = "Pl4nted-Passw0rd-7731";

    public static ScriptedSmtpServer Server(Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions { Credentials = User + ":" + Password };
        configure?.Invoke(options);
        return new ScriptedSmtpServer(options);
    }

    public static SmtpProfile Profile(ScriptedSmtpServer server, bool pin = true, SmtpTlsMode mode = SmtpTlsMode.StartTls)
    {
        var profile = new SmtpProfile("localhost", server.Port, mode)
        {
            Timeout = TimeSpan.FromSeconds(5),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetries = 2,
        };
        if (pin)
        {
            profile.AddCertificatePins(new[] { server.Pin });
        }

        profile.SetPassword(User, Secure(Password));
        return profile;
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    public static OutgoingMessage Message(params string[] to)
    {
        var message = new OutgoingMessage { From = "sender@example.com", Subject = "Test subject", TextBody = "Hello over TLS." };
        foreach (string address in to.Length == 0 ? new[] { "rcpt@example.com" } : to)
        {
            message.To.Add(address);
        }

        return message;
    }
}
