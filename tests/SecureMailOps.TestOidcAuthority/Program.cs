using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.TestOidcAuthority;

/// <summary>
/// Runs the authority until the process is stopped. Prints "PORT n" once it listens.
/// Arguments: --tenant name --lifetime seconds --ca-out file.pem (the test CA, to trust in child processes)
/// --secret clientId:secret --certificate clientId:file.cer --subject clientId:mailbox --disable clientId
/// --public-client clientId --device-code-lifetime seconds --device-code-auto-approve polls
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string tenant = "contoso.onmicrosoft.com";
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--tenant")
            {
                tenant = args[i + 1];
            }
        }

        await using OidcAuthority authority = await OidcAuthority.StartAsync(tenant);
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            string[] pair = value.Split(':', 2);
            switch (args[i])
            {
                case "--tenant": i++; break;
                case "--lifetime": authority.TokenLifetime = TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); i++; break;
                case "--ca-out": await File.WriteAllTextAsync(value, TestCertificates.ToPem(authority.Ca)); i++; break;
                case "--secret": authority.RegisterSecret(pair[0], pair[1]); i++; break;
                case "--certificate": authority.RegisterCertificate(pair[0], X509CertificateLoader.LoadCertificateFromFile(pair[1])); i++; break;
                case "--subject": authority.MapSubject(pair[0], pair[1]); i++; break;
                case "--disable": authority.Disable(value); i++; break;
                case "--public-client": authority.RegisterPublicClient(value); i++; break;
                case "--device-code-lifetime": authority.DeviceCodeLifetime = TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); i++; break;
                case "--device-code-auto-approve": authority.AutoApproveDeviceCodesAfterPolls = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                default: await Console.Error.WriteLineAsync("unknown argument " + args[i]); return 2;
            }
        }

        Console.WriteLine(FormattableString.Invariant($"PORT {authority.Port}"));
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
