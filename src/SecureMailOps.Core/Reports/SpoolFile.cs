using System;
using System.IO;
using System.Text;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A temporary file that holds part of a report until the summary that goes before it is known
/// (JUnit suites, the HTML page's rows, the Markdown failures), so findings are never held in memory.
/// Deleted on dispose.
/// </summary>
internal sealed class SpoolFile : IDisposable
{
    private readonly string _path;
    private StreamWriter? _writer;

    public SpoolFile(string besidePath)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(besidePath)) ?? ".";
        _path = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(besidePath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".spool");
        try
        {
            _writer = new StreamWriter(new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose), AtomicFile.Utf8, 65536);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw AtomicFile.WriteFailed(besidePath, ex);
        }
    }

    public TextWriter Writer => _writer ?? throw new ObjectDisposedException(nameof(SpoolFile));

    public long Length
    {
        get
        {
            Writer.Flush();
            return _writer!.BaseStream.Length;
        }
    }

    /// <summary>Copies what was written, as text, into <paramref name="target"/> (the file stays open until dispose).</summary>
    /// <param name="target">Where it goes.</param>
    public void CopyTo(TextWriter target)
    {
        TextWriter writer = Writer;
        writer.Flush();
        Stream stream = _writer!.BaseStream;
        stream.Position = 0;
        using var reader = new StreamReader(stream, AtomicFile.Utf8, detectEncodingFromByteOrderMarks: false, 65536, leaveOpen: true);
        char[] buffer = new char[65536];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            target.Write(buffer, 0, read);
        }

        stream.Position = stream.Length;
    }

    /// <summary>Reads what was written back, line by line.</summary>
    /// <returns>A reader positioned at the start; dispose it before writing more.</returns>
    public TextReader OpenReader()
    {
        Writer.Flush();
        Stream stream = _writer!.BaseStream;
        stream.Position = 0;
        return new StreamReader(stream, AtomicFile.Utf8, detectEncodingFromByteOrderMarks: false, 65536, leaveOpen: true);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
