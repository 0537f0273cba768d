using System.Threading.Tasks;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

public sealed class ConsoleTests
{
    [Fact]
    public Task EveryConsoleMemberIsReported() =>
        Verify.AnalyzerAsync<ConsoleAnalyzer>("""
            using System;
            using static System.Console;
            public static class Talk
            {
                public static void Say(string text)
                {
                    {|SMO1006:Console.WriteLine(text)|};
                    {|SMO1006:WriteLine(text)|};
                    var color = {|SMO1006:Console.ForegroundColor|};
                    {|SMO1006:Console.Out|}.Flush();
                    {|SMO1006:Console.CancelKeyPress|} += (s, e) => { };
                    Action<string> write = {|SMO1006:Console.Write|};
                    System.Diagnostics.Debug.WriteLine(text);
                }
            }
            """);
}
