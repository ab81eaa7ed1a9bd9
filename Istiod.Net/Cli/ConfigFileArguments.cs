using System.CommandLine;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;

namespace Istiod.Net.Cli;

/// <summary>
/// The <c>-f FILE|DIR|-</c> input shared by <c>validate</c> and <c>analyze</c>: the option, reading and
/// parsing every document, and printing each document's problems the same way for both commands.
/// </summary>
internal static class ConfigFileArguments
{
    public static Option<string[]> CreateOption() => new("--filename", "-f")
    {
        Description = "A file, a folder (read recursively) or - for standard input; repeatable",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// Reads, parses and reports every document. Returns null after printing a usage error (exit 2);
    /// otherwise the parse results and how many sources were read.
    /// </summary>
    public static (IReadOnlyList<Config.Parsing.ParseResult> Results, int Sources)? ReadAndReport(
        string command, IReadOnlyList<string> paths, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0)
        {
            stderr.WriteLine($"error: {command} needs at least one -f FILE|DIR|-");
            return null;
        }

        var (inputs, problem) = ConfigInputReader.Read(paths, stdin);
        if (problem is not null)
        {
            stderr.WriteLine($"error: {problem}");
            return null;
        }

        var results = ConfigInputReader.Parse(new ConfigParser(), inputs);
        foreach (var line in ValidationReport.Lines(results))
        {
            stdout.WriteLine(line);
        }

        return (results, inputs.Count);
    }
}
