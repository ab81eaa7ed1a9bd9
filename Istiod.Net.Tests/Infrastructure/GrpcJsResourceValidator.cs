using System.Diagnostics;
using System.Text.Json;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// Asks grpc-js-xds 1.14 (the npm package the protos come from) whether its client would accept
/// resources: each is decoded and validated by the client's own resource types in a node process, with its
/// RBAC HTTP filter enabled as on an xDS-enabled server that enforces policies.
/// </summary>
public static class GrpcJsResourceValidator
{
    public sealed record Verdict(string? Name, string? Error);

    public static string ModuleRoot => Path.Combine(RepositoryPaths.Root, "Xds.Protos", "node_modules");

    public static async Task<IReadOnlyList<Verdict>> ValidateAsync(IEnumerable<XdsResource> resources)
    {
        var script = Path.Combine(RepositoryPaths.Root, "Istiod.Net.Tests", "Xds", "Generation", "GrpcJs", "validate-resources.js");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, ModuleRoot },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Servers that enforce AuthorizationPolicy run so; without it grpc-js-xds rejects every RBAC filter.
            Environment = { ["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var input = resources.ToList();
        foreach (var resource in input)
        {
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new
            {
                typeUrl = resource.Resource.TypeUrl,
                value = resource.Resource.Value.ToBase64(),
            }));
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited with {process.ExitCode}: {await errors}");
        }

        var verdicts = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Verdict>(line, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!)
            .ToList();
        if (verdicts.Count != input.Count)
        {
            throw new InvalidOperationException($"node answered {verdicts.Count} of {input.Count} resources: {await errors}");
        }

        return verdicts;
    }
}
