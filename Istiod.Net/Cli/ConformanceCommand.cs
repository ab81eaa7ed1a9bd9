using System.CommandLine;
using Istiod.Net.Config.Validation.Conformance;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net conformance DIR</c>: runs Istio's own validation cases and prints the pass rate per
/// kind. Exit 0 when every case passes, 1 otherwise, 2 when the folder is missing.
/// </summary>
public static class ConformanceCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Folder of <kind>-valid.yaml and <kind>-invalid.yaml" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print passing cases too" };
        var command = new Command("conformance", "Run Istio's validation test cases against our validators") { folder, verbose };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"error: {dir}: no such folder");
                return 2;
            }

            var results = ConformanceRunner.Run(dir);
            ConformanceReport.Write(results, Console.Out, parse.GetValue(verbose));
            return results.All(r => r.Passed) ? 0 : 1;
        });
        return command;
    }
}
