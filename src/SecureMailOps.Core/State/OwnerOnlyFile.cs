using System;
using System.IO;

namespace SecureMailOps.Core.State;

/// <summary>
/// Writes files that hold a secret or a code (a QR code of a TOTP secret, the challenge key) so that
/// they are never readable by other users, not even for a moment with their content: the bytes go
/// into a new file in the same folder that is restricted to its owner (0600 on Linux and macOS)
/// before anything is written, flushed to disk, and then moved into place. A failed write leaves no
/// half-written file.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Writes a file owner-only, replacing one that exists.</summary>
    /// <param name="path">The full path.</param>
    /// <param name="content">The bytes.</param>
    public static void WriteAllBytes(string path, byte[] content)
    {
        string temporary = WriteTemporary(path, content);
        try
        {
            if (File.Exists(path))
            {
                File.Replace(temporary, path, null);
            }
            else
            {
                File.Move(temporary, path);
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Creates a file owner-only unless it exists (then it is left alone).</summary>
    /// <param name="path">The full path.</param>
    /// <param name="content">The bytes.</param>
    /// <returns>True when this call created the file; false when it existed (another process may have just made it).</returns>
    public static bool TryCreateNew(string path, byte[] content)
    {
        if (File.Exists(path))
        {
            return false;
        }

        string temporary = WriteTemporary(path, content);
        try
        {
            // File.Move never overwrites: of two processes creating the file at once, one wins.
            File.Move(temporary, path);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(temporary);
            return false;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static string WriteTemporary(string path, byte[] content)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            OwnerOnlyPermissions.ApplyToFolder(folder);
        }

        string temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                OwnerOnlyPermissions.ApplyToFile(temporary);
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            return temporary;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file is owner-only and holds no more than the target would.
        }
    }
}
