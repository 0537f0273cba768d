using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

public class DkimSigningTests
{
    [Fact]
    public async Task The_DKIM_signature_verifies_with_the_public_key_and_fails_after_tampering()
    {
        using RSA rsa = RSA.Create(2048);
        string keyPath = Path.Combine(Path.GetTempPath(), "dkim-" + Guid.NewGuid().ToString("n") + ".pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
        try
        {
            using ScriptedSmtpServer server = Server();
            using var sender = new SecureMailSender(Profile(server));
            OutgoingMessage message = Message();
            message.HtmlBody = "<p>Signed <b>HTML</b></p>";
            message.Dkim = new DkimSigningOptions(keyPath, "example.com", "sel2026");
            await sender.SendAsync(message);

            string data = Assert.Single(server.Messages).Data;
            string record = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
            var verifier = new DkimVerifier(new StaticKeyLocator(record));
            Assert.True(Verify(verifier, data));
            Assert.Contains("d=example.com", data, StringComparison.Ordinal);
            Assert.Contains("s=sel2026", data, StringComparison.Ordinal);

            Assert.False(Verify(verifier, data.Replace("Hello over TLS.", "Hello over TLS!", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(keyPath);
        }
    }

    private static bool Verify(DkimVerifier verifier, string data)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data));
        MimeMessage parsed = MimeMessage.Load(stream);
        Header signature = parsed.Headers.First(h => h.Id == HeaderId.DkimSignature);
        return verifier.Verify(parsed, signature);
    }

    private sealed class StaticKeyLocator : DkimPublicKeyLocatorBase
    {
        private readonly string _record;

        public StaticKeyLocator(string record) => _record = record;

        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(_record);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(GetPublicKey(_record));
    }
}
