using System;
using System.IO;
namespace SecureMailOps.Core.State;

/// <summary>
/// Writes a file that only its owner can read (0600 on Linux and macOS, set before the first byte is
/// written), through a temporary file in the same folder that is moved over the target at the end, so a
/// failed write never leaves a half-written file and a secret is never briefly world-readable. Files the
/// cmdlets write for the user and files that may hold a secret go through here (analyzer SMO1005).
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Writes bytes to a file, replacing it if it exists.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">The content.</param>
    /// <exception cref="IOException">The file could not be written or made owner-only.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the file cannot be written.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // The mode is set while the file is still empty: no moment where the content is readable by others.
                OwnerOnlyPermissions.ApplyToFile(temporary);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(full))
            {
                File.Replace(temporary, full, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(temporary, full);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
