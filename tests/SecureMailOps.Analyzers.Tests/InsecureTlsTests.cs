using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class InsecureTlsTests
{
    [Fact]
    public Task CleartextCapableOptionsAreReportedHoweverTheyAreWritten() =>
        Verify.AnalyzerAsync<InsecureTlsAnalyzer>("""
            using MailKit.Net.Smtp;
            using MailKit.Security;
            public static class Sender
            {
                public static void Send(SmtpClient client)
                {
                    client.Connect("h", 25, {|SMO1002:SecureSocketOptions.Auto|});
                    client.Connect("h", 25, {|SMO1002:SecureSocketOptions.None|});
                    client.Connect("h", 25, {|SMO1002:SecureSocketOptions.StartTlsWhenAvailable|});
                    client.Connect("h", 25, {|SMO1002:(SecureSocketOptions)1|});
                    {|SMO1002:client.Connect("h", 25)|};
                    {|SMO1002:client.Connect("h", 25, false)|};
                    client.Connect("h", 465, SecureSocketOptions.SslOnConnect);
                    client.Connect("h", 587, SecureSocketOptions.StartTls);
                }
            }
            """);

    [Fact]
    public Task CallbacksThatAcceptAnyCertificateAreReported() =>
        Verify.AnalyzerAsync<InsecureTlsAnalyzer>("""
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;
            using MailKit.Net.Smtp;
            public static class Sender
            {
                public static void Configure(SmtpClient client)
                {
                    client.ServerCertificateValidationCallback = {|SMO1002:(s, c, ch, e) => true|};
                    client.ServerCertificateValidationCallback = {|SMO1002:delegate { return true; }|};
                    client.ServerCertificateValidationCallback = AcceptAll;
                    client.ServerCertificateValidationCallback = (s, c, ch, e) => e == SslPolicyErrors.None;
                    client.ServerCertificateValidationCallback = Check;
                }

                private static bool {|SMO1002:AcceptAll|}(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

                private static bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    if (errors != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    return true;
                }
            }
            """);
}
