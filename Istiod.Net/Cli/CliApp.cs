using System.CommandLine;

namespace Istiod.Net.Cli;

/// <summary>The <c>istiod-net</c> command line: one sub-command per job.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("istiod-net: an Istio control plane (Pilot, Citadel, Galley) in one .NET process")
        {
            ServeCommand.Create(),
            VersionCommand.Create(),
            ValidateCommand.Create(),
            ConformanceCommand.Create(),
            AnalyzeCommand.Create(),
            ConvertCommand.Create(),
            BootstrapCommand.Create(),
            CaCommand.Create(),
            InjectCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
