#pragma warning disable CA1861 // Inline arrays read like the inputs they stand for; each test runs once.
using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail.OAuth;
using SecureMailOps.TestOidcAuthority;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// The OAuth configuration mistakes caught before any network call, each with its own id and category: the
/// settings (client id, tenant, authority, scopes) and the certificate (file, private key, thumbprint).
/// </summary>
public class OAuthConfigurationErrorTests
{
    public static TheoryData<string, string, FailureKind> Settings() => new()
    {
        { "no-client-id", OAuthErrorIds.ClientIdMissing, FailureKind.InvalidArgument },
        { "no-tenant", OAuthErrorIds.TenantMissing, FailureKind.InvalidArgument },
        { "http-authority", OAuthErrorIds.AuthorityInvalid, FailureKind.InvalidArgument },
        { "query-authority", OAuthErrorIds.AuthorityInvalid, FailureKind.InvalidArgument },
        { "empty-scope", OAuthErrorIds.ScopeInvalid, FailureKind.InvalidArgument },
        { "no-scopes", OAuthErrorIds.ScopeInvalid, FailureKind.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Each_settings_mistake_has_its_own_id(string kind, string expectedId, FailureKind expectedKind)
    {
        Action make = kind switch
        {
            "no-client-id" => () => _ = new OAuthClientSettings(" ", "contoso.onmicrosoft.com"),
            "no-tenant" => () => _ = new OAuthClientSettings("app", null),
            "http-authority" => () => _ = new OAuthClientSettings("app", null, new Uri("http://idp.example/t/")),
            "query-authority" => () => _ = new OAuthClientSettings("app", null, new Uri("https://idp.example/t/?x=1")),
            "empty-scope" => () => _ = new OAuthClientSettings("app", "t", null, new[] { " " }),
            _ => () => _ = new OAuthClientSettings("app", "t", null, Array.Empty<string>()),
        };
        SecureMailOpsException error = Assert.Throws<SecureMailOpsException>(make);
        Assert.Equal(expectedId, error.ErrorId);
        Assert.Equal(expectedKind, error.Kind);
    }

    [Fact]
    public void The_default_authority_is_the_Microsoft_identity_platform_of_the_tenant()
    {
        var settings = new OAuthClientSettings("app", "contoso.onmicrosoft.com");
        Assert.Equal(new Uri("https://login.microsoftonline.com/contoso.onmicrosoft.com/"), settings.Authority);
        Assert.True(settings.IsMicrosoftAuthority);
        Assert.Equal(new[] { OAuthClientSettings.DefaultScope }, settings.Scopes);
        Assert.False(new OAuthClientSettings("app", null, new Uri("https://127.0.0.1:1/t/")).IsMicrosoftAuthority);
    }

    [Fact]
    public void A_missing_file_a_certificate_without_private_key_and_a_malformed_thumbprint_each_have_their_own_id()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("n") + ".pfx");
        SecureMailOpsException notFound = Assert.Throws<SecureMailOpsException>(() => OAuthCertificates.FromFile(missing, null));
        Assert.Equal(OAuthErrorIds.CertificateNotFound, notFound.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, notFound.Kind);

        using X509Certificate2 withKey = TestCertificates.CreateClientCertificate("public-part-only");
        using X509Certificate2 publicPart = X509CertificateLoader.LoadCertificate(withKey.RawData);
        SecureMailOpsException noKey = Assert.Throws<SecureMailOpsException>(() => OAuthCertificates.RequirePrivateKey(publicPart));
        Assert.Equal(OAuthErrorIds.CertificateNoPrivateKey, noKey.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, noKey.Kind);
        string pfx = Path.Combine(Path.GetTempPath(), "public-only-" + Guid.NewGuid().ToString("n") + ".pfx");
        File.WriteAllBytes(pfx, publicPart.Export(X509ContentType.Pkcs12, "pw"));
        try
        {
            Assert.Equal(OAuthErrorIds.CertificateNoPrivateKey, Assert.Throws<SecureMailOpsException>(() => OAuthCertificates.FromFile(pfx, Secure("pw"))).ErrorId);
        }
        finally
        {
            File.Delete(pfx);
        }

        foreach (string bad in new[] { "AB", new string('G', 40), new string('A', 41) })
        {
            SecureMailOpsException invalid = Assert.Throws<SecureMailOpsException>(() => OAuthCertificates.NormalizeThumbprint(bad));
            Assert.Equal(OAuthErrorIds.ThumbprintInvalid, invalid.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, invalid.Kind);
        }

        Assert.Equal(new string('A', 40), OAuthCertificates.NormalizeThumbprint(string.Join(":", new string('a', 40).ToCharArray())));
    }
}
