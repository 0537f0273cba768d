using System;
using System.IO;
using System.Text;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A file written under a temporary name in the target's folder and moved over the target only when
/// complete; disposed uncommitted, the temporary file is deleted. In append mode the finished text is
/// added to the end of the target instead.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _temporary;
    private readonly bool _append;
    private FileStream? _stream;
    private bool _committed;

    public AtomicFile(string path, bool append = false)
    {
        Path = path;
        _append = append;
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        _temporary = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            // Unbuffered (a buffer size of 1 turns FileStream's own off): every writer over it gathers its bytes
            // in a 64 KiB buffer of its own (StreamWriter, Utf8JsonWriter, Utf8Sink), and a second buffer here
            // copied each of the hundreds of megabytes once more on their way to the file.
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(path, ex);
        }
    }

    public string Path { get; }

    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

    public static SecureMailOpsException WriteFailed(string path, Exception ex) =>
        new(ReportErrorIds.WriteFailed, FailureKind.WriteError, "The report '" + path + "' cannot be written: " + ex.Message, path, ex);

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public void Close()
    {
        _stream?.Flush(flushToDisk: false);
        _stream?.Dispose();
        _stream = null;
    }

    public void Commit()
    {
        Close();
        try
        {
            if (_append)
            {
                using var target = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
                using var source = new FileStream(_temporary, FileMode.Open, FileAccess.Read);
                source.CopyTo(target);
                File.Delete(_temporary);
            }
            else if (File.Exists(Path))
            {
                File.Replace(_temporary, Path, destinationBackupFileName: null);
            }
            else
            {
                File.Move(_temporary, Path);
            }

            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(Path, ex);
        }
    }

    public void Dispose()
    {
        Close();
        if (!_committed)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (IOException)
            {
                // Best effort: the temporary file's name starts with a dot and ends in .tmp.
            }
        }
    }
}
