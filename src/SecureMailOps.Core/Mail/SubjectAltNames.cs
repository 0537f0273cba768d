using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Reads DNS names and IP addresses from the subjectAltName extension (2.5.29.17). A tiny DER walk:
/// the platform's text rendering of the extension differs between Windows, Linux and macOS.
/// </summary>
internal static class SubjectAltNames
{
    public static IReadOnlyList<string> Read(X509Certificate2 certificate)
    {
        var names = new List<string>();
        X509Extension? extension = certificate.Extensions["2.5.29.17"];
        if (extension is null)
        {
            return names;
        }

        byte[] der = extension.RawData;
        int index = 0;
        if (!TryReadHeader(der, ref index, out byte tag, out int length) || tag != 0x30)
        {
            return names;
        }

        int end = Math.Min(der.Length, index + length);
        while (index < end && TryReadHeader(der, ref index, out tag, out length) && index + length <= end)
        {
            if (tag == 0x82)
            {
                names.Add("DNS:" + System.Text.Encoding.ASCII.GetString(der, index, length));
            }
            else if (tag == 0x87 && (length == 4 || length == 16))
            {
                byte[] address = new byte[length];
                Array.Copy(der, index, address, 0, length);
                names.Add("IP:" + new IPAddress(address));
            }

            index += length;
        }

        return names;
    }

    private static bool TryReadHeader(byte[] der, ref int index, out byte tag, out int length)
    {
        tag = 0;
        length = 0;
        if (index + 2 > der.Length)
        {
            return false;
        }

        tag = der[index++];
        int first = der[index++];
        if (first < 0x80)
        {
            length = first;
            return true;
        }

        int count = first & 0x7F;
        if (count is 0 or > 3 || index + count > der.Length)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            length = (length << 8) | der[index++];
        }

        return true;
    }
}
