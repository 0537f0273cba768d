#pragma warning disable CA2000 // The factory owns its handler and client; the tests dispose the factory.
using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>Gives MSAL an HttpClient that trusts the test CA alone (a real chain check, against a test root).</summary>
internal sealed class TestCaHttpFactory : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    public TestCaHttpFactory(X509Certificate2 ca)
    {
        var root = X509CertificateLoader.LoadCertificate(ca.RawData);
        Handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        _client = new HttpClient(Handler, disposeHandler: false);
    }

    public SocketsHttpHandler Handler { get; }

    public HttpClient GetHttpClient() => _client;

    public void Dispose()
    {
        _client.Dispose();
        Handler.Dispose();
    }
}
