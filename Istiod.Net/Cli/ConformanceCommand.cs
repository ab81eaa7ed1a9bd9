using System.CommandLine;
using Istiod.Net.Config.Validation.Conformance;
using Istiod.Net.Security.Authorization.Conformance;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net conformance [DIR] [--authz AUTHZDIR]</c>: runs Istio's own validation cases and prints the
/// pass rate per kind; with <c>--authz</c> (or when DIR has an <c>authz/</c> folder beside its validation
/// files) also Istio's authorization builder cases. Exit 0 when every case passes, 1 otherwise, 2 when a
/// folder is missing.
/// </summary>
public static class ConformanceCommand
{
    public static Command Create()
    {
        var folder = new Argument<string?>("folder")
        {
            Description = "Folder of <kind>-valid.yaml and <kind>-invalid.yaml",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var authz = new Option<string?>("--authz") { Description = "Folder of Istio's authz builder cases (http/, tcp/)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print passing cases too" };
        var command = new Command("conformance", "Run Istio's validation and authorization test cases against our code") { folder, authz, verbose };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder);
            var authzDir = parse.GetValue(authz);
            if (dir is null && authzDir is null)
            {
                Console.Error.WriteLine("error: give a validation folder, --authz FOLDER, or both");
                return 2;
            }

            if (authzDir is null && dir is not null && Directory.Exists(Path.Combine(dir, "authz")))
            {
                authzDir = Path.Combine(dir, "authz");
            }

            var passed = true;
            if (dir is not null)
            {
                var validation = Directory.Exists(Path.Combine(dir, "validation")) && !Directory.EnumerateFiles(dir, "*-valid.yaml").Any()
                    ? Path.Combine(dir, "validation")
                    : dir;
                if (!Directory.Exists(validation))
                {
                    Console.Error.WriteLine($"error: {validation}: no such folder");
                    return 2;
                }

                var results = ConformanceRunner.Run(validation);
                ConformanceReport.Write(results, Console.Out, parse.GetValue(verbose));
                passed &= results.All(r => r.Passed);
            }

            if (authzDir is not null)
            {
                if (!Directory.Exists(authzDir))
                {
                    Console.Error.WriteLine($"error: {authzDir}: no such folder");
                    return 2;
                }

                Console.Out.WriteLine();
                var (results, extended) = AuthzConformanceRunner.Run(authzDir);
                AuthzConformanceReport.Write(results, extended, Console.Out, parse.GetValue(verbose));
                passed &= results.All(r => r.Passed);
            }

            return passed ? 0 : 1;
        });
        return command;
    }
}
