using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;

namespace Istiod.Net.Load.Mesh;

/// <summary>
/// The services a run subscribes to, read from a config folder. Folders written by
/// <see cref="MeshGenerator"/> (they hold a manifest) also support route changes.
/// </summary>
public sealed class GeneratedMesh
{
    private GeneratedMesh(string directory, MeshShape? shape, IReadOnlyList<MeshService> services)
    {
        Directory = directory;
        Shape = shape;
        Services = services;
    }

    public string Directory { get; }

    /// <summary>The generator's shape, or <c>null</c> for a folder the tool did not write.</summary>
    public MeshShape? Shape { get; }

    public IReadOnlyList<MeshService> Services { get; }

    /// <summary>Whether the tool may rewrite VirtualService files here.</summary>
    public bool SupportsChanges => Shape is not null;

    public static GeneratedMesh From(string directory, MeshShape shape)
    {
        var services = Enumerable.Range(0, shape.Services)
            .Select(i => new MeshService(
                MeshYaml.Host(i, shape),
                shape.Port,
                Path.Combine(directory, MeshGenerator.RoutesFileName(i))))
            .ToArray();
        return new GeneratedMesh(directory, shape, services);
    }

    /// <summary>Listener names given on the command line (<c>host:port</c>), with no folder behind them.</summary>
    /// <exception cref="MeshException">A name is not <c>host:port</c>.</exception>
    public static GeneratedMesh FromListeners(IEnumerable<string> listeners)
    {
        var services = new List<MeshService>();
        foreach (var listener in listeners)
        {
            var colon = listener.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(listener.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new MeshException($"--listener '{listener}': expected host:port, e.g. echo.default.svc.cluster.local:7070");
            }

            services.Add(new MeshService(listener[..colon], port, null));
        }

        return services.Count > 0
            ? new GeneratedMesh("", null, services.DistinctBy(s => s.ListenerName).ToArray())
            : throw new MeshException("no listener names given");
    }

    /// <summary>
    /// Reads a folder: by its manifest when the generator wrote it, otherwise every host and port of its
    /// valid ServiceEntries (no changes possible then).
    /// </summary>
    /// <exception cref="MeshException">The folder is missing, unreadable, or has no service to subscribe to.</exception>
    public static GeneratedMesh Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MeshException($"{directory}: no such folder");
        }

        if (MeshManifest.Read(directory) is { } shape)
        {
            return From(directory, shape);
        }

        var parser = new ConfigParser();
        var services = new SortedDictionary<string, MeshService>(StringComparer.Ordinal);
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => ConfigParser.Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.')));
        foreach (var file in files)
        {
            foreach (var result in parser.ParseFile(file))
            {
                if (result.Outcome != ParseOutcome.Accepted || result.Config?.Spec is not ServiceEntrySpec entry)
                {
                    continue;
                }

                foreach (var host in entry.Hosts ?? [])
                {
                    foreach (var port in entry.Ports ?? [])
                    {
                        if (!host.Contains('*') && port.Number is { } number)
                        {
                            var service = new MeshService(host, (int)number, null);
                            services.TryAdd(service.ListenerName, service);
                        }
                    }
                }
            }
        }

        if (services.Count == 0)
        {
            throw new MeshException($"{directory}: no valid ServiceEntry with a host and port; use --generate-services or --listener");
        }

        return new GeneratedMesh(directory, null, services.Values.ToArray());
    }
}
