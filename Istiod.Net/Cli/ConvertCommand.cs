using System.CommandLine;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation.Files;
using Istiod.Net.Security.Authorization.Legacy;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net convert -f FILE|DIR|-</c>: rewrites rbac.istio.io/v1alpha1 ServiceRoles, ServiceRoleBindings and
/// ClusterRbacConfigs as AuthorizationPolicies and prints them as YAML on standard output. Problems and
/// what could not be carried over go to standard error. Exit 0 on success, 1 when an input document was
/// invalid (the valid ones are still converted), 2 on a usage error.
/// </summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var files = ConfigFileArguments.CreateOption();
        var root = new Option<string>("--root-namespace") { Description = "Istio's root namespace (mesh-wide policies)", DefaultValueFactory = _ => "istio-system" };
        var command = new Command("convert", "Rewrite legacy RBAC (ServiceRole, ServiceRoleBinding) as AuthorizationPolicy YAML") { files, root };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], parse.GetValue(root)!, Console.In, Console.Out, Console.Error));
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, string rootNamespace, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (paths.Count == 0)
        {
            stderr.WriteLine("error: convert needs at least one -f FILE|DIR|-");
            return 2;
        }

        var (inputs, problem) = ConfigInputReader.Read(paths, stdin);
        if (problem is not null)
        {
            stderr.WriteLine($"error: {problem}");
            return 2;
        }

        var results = ConfigInputReader.Parse(new ConfigParser(), inputs);
        var invalid = results.Any(r => r.Outcome is ParseOutcome.Invalid or ParseOutcome.Unreadable);
        foreach (var line in ValidationReport.Lines(results).Where(l => !l.Contains("is deprecated", StringComparison.Ordinal)))
        {
            stderr.WriteLine(line);
        }

        var conversion = LegacyRbacConverter.Convert(results.Where(r => r.Config is not null).Select(r => r.Config!), rootNamespace);
        foreach (var warning in conversion.Warnings)
        {
            stderr.WriteLine($"warning: {warning}");
        }

        stdout.Write(PolicyYamlWriter.Write(conversion.Policies));
        return invalid ? 1 : 0;
    }
}
