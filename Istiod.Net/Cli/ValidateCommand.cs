using System.CommandLine;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net validate -f FILE|DIR|-</c>: checks Istio YAML offline like <c>istioctl validate</c>.
/// Exit 0 when every document is valid (warnings allowed), 1 when any is not, 2 for usage errors.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = ConfigFileArguments.CreateOption();
        var command = new Command("validate", "Validate Istio config files without a cluster") { files };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], Console.In, Console.Out, Console.Error));
        return command;
    }

    /// <summary>The command's work, apart from the console, so tests can run it in-process.</summary>
    public static int Run(IReadOnlyList<string> paths, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (ConfigFileArguments.ReadAndReport("validate", paths, stdin, stdout, stderr) is not { } read)
        {
            return 2;
        }

        var (results, sources) = read;
        var invalid = results.Count(r => r.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable);
        var accepted = results.Count(r => r.Outcome == ParseOutcome.Accepted);
        stdout.WriteLine(invalid == 0
            ? $"{accepted} valid object(s) in {sources} source(s)"
            : $"{invalid} invalid document(s), {accepted} valid object(s) in {sources} source(s)");
        return ValidationReport.HasErrors(results) ? 1 : 0;
    }
}
