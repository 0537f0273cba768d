using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class SecretFileWriteTests
{
    [Fact]
    public Task WritesInCmdletsInSecretMembersAndOfSecretsAreReported() =>
        Verify.AnalyzerAsync<SecretFileWriteAnalyzer>("""
            using System.IO;
            using System.Management.Automation;
            using SecureMailOps.Core;
            public sealed class NewThing : PSCmdlet
            {
                public void Save(string path, byte[] png)
                {
                    {|SMO1005:File.WriteAllBytes(path, png)|};
                    using var s = {|SMO1005:new FileStream(path, FileMode.Create)|};
                    using var w = {|SMO1005:new StreamWriter(path)|};
                }
            }
            public static class Keys
            {
                [Secret] private static readonly byte[] Key = new byte[20];

                [Secret]
                public static void Export(string path) => {|SMO1005:File.WriteAllText(path, "k")|};

                public static void Dump(string path) => {|SMO1005:File.WriteAllBytes(path, Key)|};

                public static void Log(string path) => File.AppendAllText(path, "no secret here");

                public static string Read(string path)
                {
                    using var s = new FileStream(path, FileMode.Open, FileAccess.Read);
                    using var r = File.Open(path, FileMode.Open, FileAccess.Read);
                    return path;
                }
            }
            public sealed class Reader : PSCmdlet
            {
                public void Load(string path)
                {
                    using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                    SecureMailOps.Core.State.OwnerOnlyFile.WriteAllBytes(path, new byte[1]);
                }
            }
            """);
}
