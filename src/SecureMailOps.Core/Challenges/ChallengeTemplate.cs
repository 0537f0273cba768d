using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// The mail a challenge code is sent in. A template is a text file:
/// <code>
/// Subject: Your {{Purpose}} code
/// --- text ---
/// Your code is {{Code}}. ...
/// --- html ---
/// &lt;p&gt;Your code is &lt;b&gt;{{Code}}&lt;/b&gt;. ...&lt;/p&gt;
/// </code>
/// Placeholders are <c>{{Name}}</c> with the names in <see cref="Placeholders"/>; an unknown one is
/// an error naming its line and column. Values are HTML-encoded in the HTML part. The code must
/// appear in both parts and must not appear in the subject (subjects show on lock screens and in logs).
/// </summary>
public sealed class ChallengeTemplate
{
    /// <summary>The sentence every default mail carries (practice 6: never share codes).</summary>
    public const string NeverShareText = "Never share this code with anyone. We will never ask you for it, by mail, phone or chat.";

    private const string TextMarker = "--- text ---";
    private const string HtmlMarker = "--- html ---";

    private const string DefaultTemplate =
        "Subject: Your one-time code for {{Purpose}}\n" +
        TextMarker + "\n" +
        "Your one-time code for {{Purpose}} is:\n" +
        "\n" +
        "    {{Code}}\n" +
        "\n" +
        "It expires at {{ExpiresAt}} ({{ValidMinutes}} minutes after it was sent) and works once.\n" +
        "\n" +
        "{{NeverShare}}\n" +
        "\n" +
        "If you did not ask for this code, ignore this mail and tell your security team.\n" +
        HtmlMarker + "\n" +
        "<!DOCTYPE html>\n" +
        "<html><body style=\"font-family:sans-serif\">\n" +
        "<p>Your one-time code for {{Purpose}} is:</p>\n" +
        "<p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">{{Code}}</p>\n" +
        "<p>It expires at {{ExpiresAt}} ({{ValidMinutes}} minutes after it was sent) and works once.</p>\n" +
        "<p><strong>{{NeverShare}}</strong></p>\n" +
        "<p>If you did not ask for this code, ignore this mail and tell your security team.</p>\n" +
        "</body></html>\n";

    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["Code", "Purpose", "ExpiresAt", "ValidMinutes", "Recipient", "NeverShare"];

    private static readonly Regex PlaceholderPattern = new(@"\{\{\s*(?<name>[^{}]*?)\s*\}\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    private readonly string _subject;
    private readonly string _text;
    private readonly string _html;

    private ChallengeTemplate(string subject, string text, string html)
    {
        _subject = subject;
        _text = text;
        _html = html;
    }

    /// <summary>Gets the built-in template.</summary>
    public static ChallengeTemplate Default { get; } = Parse(DefaultTemplate, "(built-in template)");

    /// <summary>Parses a template, checking every placeholder.</summary>
    /// <param name="content">The template text.</param>
    /// <param name="source">Where it came from (a path), for error messages.</param>
    /// <returns>The template.</returns>
    public static ChallengeTemplate Parse(string content, string source)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        string[] lines = content.Replace("\r\n", "\n").Split('\n');
        int subjectLine = -1;
        int textLine = -1;
        int htmlLine = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (subjectLine < 0 && textLine < 0 && trimmed.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                subjectLine = i;
            }
            else if (string.Equals(trimmed, TextMarker, StringComparison.OrdinalIgnoreCase))
            {
                textLine = i;
            }
            else if (string.Equals(trimmed, HtmlMarker, StringComparison.OrdinalIgnoreCase))
            {
                htmlLine = i;
            }
        }

        if (subjectLine < 0)
        {
            throw Error(ChallengeErrorIds.TemplateMissingSubject, source, 1, 1, "the first part must be a line 'Subject: ...'");
        }

        if (textLine < 0 || htmlLine < 0 || htmlLine < textLine || textLine < subjectLine)
        {
            throw Error(ChallengeErrorIds.TemplateMissingSection, source, subjectLine + 1, 1, $"after the subject it needs a '{TextMarker}' line and then a '{HtmlMarker}' line");
        }

        for (int i = 0; i < lines.Length; i++)
        {
            foreach (Match match in PlaceholderPattern.Matches(lines[i]))
            {
                string name = match.Groups["name"].Value;
                if (!IsKnown(name))
                {
                    throw Error(ChallengeErrorIds.TemplateUnknownPlaceholder, source, i + 1, match.Index + 1, $"unknown placeholder '{{{{{name}}}}}'; known placeholders are {string.Join(", ", Placeholders)}");
                }

                if (i == subjectLine && string.Equals(name, "Code", StringComparison.OrdinalIgnoreCase))
                {
                    throw Error(ChallengeErrorIds.TemplateCodeInSubject, source, i + 1, match.Index + 1, "the code must not be in the subject (subjects appear on lock screens, in notifications and in logs)");
                }
            }
        }

        string subject = lines[subjectLine].Trim().Substring("Subject:".Length).Trim();
        string text = Join(lines, textLine + 1, htmlLine);
        string html = Join(lines, htmlLine + 1, lines.Length);
        if (!ContainsCode(text))
        {
            throw Error(ChallengeErrorIds.TemplateMissingCode, source, textLine + 1, 1, "the text part never uses {{Code}}, so the mail would not carry the code");
        }

        if (!ContainsCode(html))
        {
            throw Error(ChallengeErrorIds.TemplateMissingCode, source, htmlLine + 1, 1, "the HTML part never uses {{Code}}, so the mail would not carry the code");
        }

        return new ChallengeTemplate(subject, text, html);
    }

    /// <summary>Renders the mail for one challenge.</summary>
    /// <param name="code">The code.</param>
    /// <param name="purpose">What it is for.</param>
    /// <param name="recipient">The recipient address.</param>
    /// <param name="expiresAt">When it expires.</param>
    /// <param name="validFor">How long it is valid.</param>
    /// <returns>The message.</returns>
    public ChallengeMessage Render(char[] code, string purpose, string recipient, DateTimeOffset expiresAt, TimeSpan validFor)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Code"] = new string(code),
            ["Purpose"] = purpose,
            ["ExpiresAt"] = expiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["ValidMinutes"] = Math.Ceiling(validFor.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            ["Recipient"] = recipient,
            ["NeverShare"] = NeverShareText,
        };
        return new ChallengeMessage(
            Fill(_subject, values, htmlEncode: false),
            Fill(_text, values, htmlEncode: false),
            Fill(_html, values, htmlEncode: true));
    }

    private static bool IsKnown(string name)
    {
        foreach (string known in Placeholders)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsCode(string part)
    {
        foreach (Match match in PlaceholderPattern.Matches(part))
        {
            if (string.Equals(match.Groups["name"].Value, "Code", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Join(string[] lines, int from, int to)
    {
        var builder = new StringBuilder();
        for (int i = from; i < to; i++)
        {
            builder.Append(lines[i]).Append('\n');
        }

        return builder.ToString().Trim('\n') + "\n";
    }

    private static string Fill(string part, Dictionary<string, string> values, bool htmlEncode) =>
        PlaceholderPattern.Replace(part, match =>
        {
            string value = values[match.Groups["name"].Value];
            return htmlEncode ? WebUtility.HtmlEncode(value) : value;
        });

    private static SecureMailOpsException Error(string errorId, string source, int line, int column, string what) =>
        new(errorId, FailureKind.InvalidData, $"The challenge template {source} is not valid at line {line}, column {column}: {what}.", source);
}
