using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Text for GitHub-flavoured Markdown, which also renders HTML: the HTML encoder takes markup
/// characters and control characters, then Markdown's own punctuation is backslash-escaped, so a
/// value is shown as the text it is and never as a link, emphasis, table border or tag.
/// </summary>
internal static class MarkdownText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Makes a value safe inside a table cell or a line of text.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The escaped text, on one line.</returns>
    public static string Inline(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        string encoded = Encoder.Encode(value!);
        var text = new StringBuilder(encoded.Length + 16);
        foreach (char c in encoded)
        {
            switch (c)
            {
                case '\\':
                case '`':
                case '*':
                case '_':
                case '[':
                case ']':
                case '|':
                case '~':
                case '(':
                case ')':
                    text.Append('\\').Append(c);
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }
}
