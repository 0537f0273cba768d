using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A small typed HTML writer: element and attribute names come from code, and every text node and
/// attribute value goes through <see cref="HtmlEncoder"/> (the platform's encoder), so no value can
/// open a tag, close an attribute or start a script. Only constants shipped in the assembly (the
/// style sheet and the script) are written as they are, through <see cref="Trusted"/>.
/// </summary>
internal sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly TextWriter _out;

    public HtmlWriter(TextWriter output) => _out = output;

    public TextWriter Output => _out;

    /// <summary>Opens an element, with attribute name/value pairs (a null value leaves the attribute out).</summary>
    /// <param name="tag">The element name (a constant).</param>
    /// <param name="attributes">Name, value, name, value...</param>
    /// <returns>This writer.</returns>
    public HtmlWriter Open(string tag, params string?[] attributes)
    {
        _out.Write('<');
        _out.Write(tag);
        for (int i = 0; i + 1 < attributes.Length; i += 2)
        {
            if (attributes[i + 1] is string value)
            {
                _out.Write(' ');
                _out.Write(attributes[i]);
                _out.Write("=\"");
                Encoder.Encode(_out, value);
                _out.Write('"');
            }
        }

        _out.Write('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        _out.Write("</");
        _out.Write(tag);
        _out.Write('>');
        return this;
    }

    public HtmlWriter Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Encoder.Encode(_out, value!);
        }

        return this;
    }

    /// <summary>Writes an element holding text.</summary>
    /// <param name="tag">The element name.</param>
    /// <param name="text">Its text.</param>
    /// <param name="attributes">Name, value pairs.</param>
    /// <returns>This writer.</returns>
    public HtmlWriter Element(string tag, string? text, params string?[] attributes) => Open(tag, attributes).Text(text).Close(tag);

    public HtmlWriter Cell(long value) => Element("td", value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), "class", "num");

    public HtmlWriter Line()
    {
        _out.Write('\n');
        return this;
    }

    /// <summary>Writes a constant from the assembly as it is.</summary>
    /// <param name="constant">The constant.</param>
    /// <returns>This writer.</returns>
    public HtmlWriter Trusted(string constant)
    {
        _out.Write(constant ?? throw new ArgumentNullException(nameof(constant)));
        return this;
    }
}
