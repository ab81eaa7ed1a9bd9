using System.CommandLine;
using Istiod.Net.Analysis;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net analyze -f DIR</c>: cross-resource checks on config files (see <see cref="ConfigAnalyzer"/>).
/// Invalid documents are reported like <c>validate</c> does and left out of the analysis. Exit 0 when
/// there is no error (warnings and infos allowed), 1 otherwise, 2 for usage errors.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var files = ConfigFileArguments.CreateOption();
        var command = new Command("analyze", "Find problems across Istio config files (routes to nothing, missing subsets, conflicts)") { files };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], Console.In, Console.Out, Console.Error));
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (ConfigFileArguments.ReadAndReport("analyze", paths, stdin, stdout, stderr) is not { } read)
        {
            return 2;
        }

        var (results, sources) = read;
        var configs = results.Where(r => r.Outcome == ParseOutcome.Accepted).Select(r => r.Config!).ToArray();
        var findings = new ConfigAnalyzer().Analyze(configs);
        foreach (var finding in findings)
        {
            stdout.WriteLine(finding.ToString());
        }

        var errors = findings.Count(f => f.Severity == AnalysisSeverity.Error);
        stdout.WriteLine($"{configs.Length} object(s) analyzed: {errors} error(s), {findings.Count(f => f.Severity == AnalysisSeverity.Warning)} warning(s), {findings.Count(f => f.Severity == AnalysisSeverity.Info)} info(s)");
        return errors > 0 || ValidationReport.HasErrors(results) ? 1 : 0;
    }
}
