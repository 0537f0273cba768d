using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// RFC 4180 CSV rows from a reader, one at a time: quoted fields may hold commas, doubled quotes and
/// line breaks. Tracks the line each row starts on for error messages.
/// </summary>
internal sealed class CsvReader
{
    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public CsvReader(TextReader reader)
    {
        _reader = reader;
    }

    /// <summary>Gets the line the last row read started on.</summary>
    public int RowLine { get; private set; }

    /// <summary>Reads the next row, or null at the end.</summary>
    public List<string>? ReadRow()
    {
        int c = _reader.Read();
        if (c < 0)
        {
            return null;
        }

        RowLine = _line;
        var row = new List<string>();
        bool quoted = false;
        bool wasQuoted = false;
        _field.Clear();
        while (true)
        {
            if (c < 0)
            {
                row.Add(_field.ToString());
                return row;
            }

            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _ = _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        _line++;
                    }

                    _field.Append(ch);
                }
            }
            else if (ch == '"' && _field.Length == 0 && !wasQuoted)
            {
                quoted = true;
                wasQuoted = true;
            }
            else if (ch == ',')
            {
                row.Add(_field.ToString());
                _field.Clear();
                wasQuoted = false;
            }
            else if (ch == '\r' || ch == '\n')
            {
                if (ch == '\r' && _reader.Peek() == '\n')
                {
                    _ = _reader.Read();
                }

                _line++;
                row.Add(_field.ToString());
                return row;
            }
            else
            {
                _field.Append(ch);
            }

            c = _reader.Read();
        }
    }
}
