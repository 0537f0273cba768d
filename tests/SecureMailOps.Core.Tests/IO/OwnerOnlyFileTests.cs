using System;
using System.IO;
using SecureMailOps.Core.State;
using Xunit;

namespace SecureMailOps.Core.Tests.IO;

public sealed class OwnerOnlyFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _folder = Directory.CreateTempSubdirectory("smo-owner-only-").FullName;

    [Fact]
    public void ANewFileIsOwnerOnlyAndHoldsTheBytes()
    {
        string path = Path.Combine(_folder, "qr.png");

        OwnerOnlyFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }

        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AReplacedWorldReadableFileBecomesOwnerOnly()
    {
        string path = Path.Combine(_folder, "qr.png");
        File.WriteAllText(path, "old content");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        OwnerOnlyFile.WriteAllBytes(path, [9]);

        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }

        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void AFailedWriteLeavesNoTemporaryFile()
    {
        // The target is a folder: the final move fails after the temporary file was written.
        string path = Path.Combine(_folder, "qr.png");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => OwnerOnlyFile.WriteAllBytes(path, [1]));

        Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_folder));
        Assert.Empty(Directory.GetFileSystemEntries(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
