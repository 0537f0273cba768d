using System;
using System.IO;
using SharpFuzz;

namespace SecureMailOps.Fuzz;

/// <summary>
/// The afl++ entry point: <c>SecureMailOps.Fuzz TARGET</c> runs one of <see cref="FuzzTargets.Names"/>
/// under SharpFuzz's out-of-process loop (afl++ forks nothing; it feeds inputs through shared memory),
/// so an exception that escapes <see cref="FuzzTargets.Run"/> is a crash afl++ records. With a file
/// argument after the target it runs that one input and prints what it gave (to replay a crash).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || Array.IndexOf(FuzzTargets.Names, args[0]) < 0)
        {
            Console.Error.WriteLine("usage: SecureMailOps.Fuzz TARGET [input-file]; targets: " + string.Join(", ", FuzzTargets.Names));
            return 2;
        }

        string target = args[0];
        string scratch = Path.Combine(Path.GetTempPath(), "smo-fuzz-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(scratch);
        try
        {
            if (args.Length > 1)
            {
                Console.WriteLine(target + ": " + FuzzTargets.Run(target, File.ReadAllBytes(args[1]), scratch).ToString(System.Globalization.CultureInfo.InvariantCulture) + " results");
                return 0;
            }

            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                FuzzTargets.Run(target, buffer.ToArray(), scratch);
            });
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
