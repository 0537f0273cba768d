using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using QRCoder;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Builds the otpauth:// Key URI in the Google Authenticator format (label <c>Issuer:account</c>,
/// an <c>issuer</c> parameter, RFC 3986 percent-encoding, unpadded Base32) and its QR code, as a PNG
/// (QRCoder, no System.Drawing) or as text made of half-block characters for a terminal.
/// </summary>
public static class OtpEnrollmentBuilder
{
    /// <summary>Builds the Key URI for a TOTP secret.</summary>
    /// <param name="issuer">The issuer (service name); no colon.</param>
    /// <param name="accountName">The account name; no colon.</param>
    /// <param name="secretBase32">The secret as Base32 (normalised to unpadded upper case).</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">The digit count.</param>
    /// <param name="period">The period in seconds.</param>
    /// <returns>The URI.</returns>
    public static string BuildUri(string issuer, string accountName, string secretBase32, OtpAlgorithm algorithm, int digits, int period)
    {
        ValidateLabelPart(issuer, "Issuer");
        ValidateLabelPart(accountName, "AccountName");
        if (secretBase32 is null)
        {
            throw new ArgumentNullException(nameof(secretBase32));
        }

        OtpKeyedGenerator.ValidateDigits(digits);
        OtpGenerator.ValidatePeriod(period);

        // The label's colon stays literal: Google's format allows literal or encoded, and every app reads literal.
        var uri = new StringBuilder("otpauth://totp/");
        uri.Append(Uri.EscapeDataString(issuer)).Append(':').Append(Uri.EscapeDataString(accountName));
        uri.Append("?secret=").Append(secretBase32);
        uri.Append("&issuer=").Append(Uri.EscapeDataString(issuer));
        uri.Append("&algorithm=").Append(algorithm.ToString());
        uri.Append("&digits=").Append(digits.ToString(CultureInfo.InvariantCulture));
        uri.Append("&period=").Append(period.ToString(CultureInfo.InvariantCulture));
        return uri.ToString();
    }

    /// <summary>Renders a text as a QR code PNG.</summary>
    /// <param name="text">The text (the URI).</param>
    /// <param name="pixelsPerModule">Pixels per QR module.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] RenderPng(string text, int pixelsPerModule = 8)
    {
        using QRCodeData data = Encode(text);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }

    /// <summary>
    /// Renders a text as a QR code for a terminal: two module rows per line with half blocks, light
    /// modules drawn as blocks so it scans on the usual light-on-dark terminal (use
    /// <paramref name="darkOnLight"/> for a light background).
    /// </summary>
    /// <param name="text">The text (the URI).</param>
    /// <param name="darkOnLight">True to draw dark modules as blocks (for light terminal backgrounds).</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> RenderTerminal(string text, bool darkOnLight = false)
    {
        using QRCodeData data = Encode(text);
        List<BitArray> matrix = data.ModuleMatrix;
        int size = matrix.Count;
        var lines = new List<string>((size + 1) / 2);
        var line = new StringBuilder(size);
        for (int row = 0; row < size; row += 2)
        {
            line.Clear();
            for (int col = 0; col < size; col++)
            {
                bool top = Inked(matrix[row][col], darkOnLight);
                bool bottom = row + 1 < size ? Inked(matrix[row + 1][col], darkOnLight) : !darkOnLight;
                line.Append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    private static bool Inked(bool dark, bool darkOnLight) => darkOnLight ? dark : !dark;

    private static QRCodeData Encode(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        using var generator = new QRCodeGenerator();

        // Level M (15 % recovery) keeps the symbol small enough to scan from a terminal.
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }

    private static void ValidateLabelPart(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SecureMailOpsException(OtpErrorIds.EnrollmentLabelEmpty, FailureKind.InvalidArgument, $"{name} must not be empty.");
        }

        if (value.IndexOf(':') >= 0)
        {
            throw new SecureMailOpsException(
                OtpErrorIds.EnrollmentLabelColon,
                FailureKind.InvalidArgument,
                $"{name} must not contain a colon: the Key URI label is 'Issuer:account' and a colon would split it in the wrong place.",
                value);
        }
    }
}
