using System.Reflection;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Renders packed xDS resources as proto3 JSON. The formatter needs the descriptor of every type inside an
/// <c>Any</c>. Loading all ~365 generated Envoy files costs seconds, so it starts with the types istiod
/// sends and learns any other type the first time it meets one, by its generated class name.
/// </summary>
internal static class XdsTypeRegistry
{
    private const int MaxTypesLearnedPerMessage = 32;

    private static readonly Assembly[] Assemblies = [typeof(Envoy.Config.Listener.V3.Listener).Assembly, typeof(Any).Assembly];
    private static readonly Lock Gate = new();
    private static readonly HashSet<FileDescriptor> Files =
    [
        Envoy.Config.Listener.V3.Listener.Descriptor.File,
        Envoy.Config.Route.V3.RouteConfiguration.Descriptor.File,
        Envoy.Config.Cluster.V3.Cluster.Descriptor.File,
        Envoy.Config.Endpoint.V3.ClusterLoadAssignment.Descriptor.File,
        Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager.Descriptor.File,
        Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy.Descriptor.File,
        Envoy.Extensions.Filters.Http.Router.V3.Router.Descriptor.File,
        Envoy.Extensions.Filters.Http.Fault.V3.HTTPFault.Descriptor.File,
        Envoy.Extensions.Filters.Http.Rbac.V3.RBAC.Descriptor.File,
        Envoy.Extensions.TransportSockets.Tls.V3.Secret.Descriptor.File,
        Envoy.Extensions.TransportSockets.Tls.V3.UpstreamTlsContext.Descriptor.File,
    ];

    private static JsonFormatter _formatter = Build();

    /// <summary>The message as JSON, <c>Any</c> fields expanded. Throws InvalidOperationException for a type no assembly here defines.</summary>
    public static string Format(IMessage message)
    {
        for (var learned = 0; ; learned++)
        {
            var formatter = Volatile.Read(ref _formatter);
            try
            {
                return formatter.Format(message);
            }
            catch (InvalidOperationException missing) when (learned < MaxTypesLearnedPerMessage && Learn(missing.Message))
            {
                // Retry with the type now known.
            }
        }
    }

    /// <summary>Adds the file of the type a formatter error names; false when it cannot be found.</summary>
    private static bool Learn(string error)
    {
        var start = error.IndexOf('\'', StringComparison.Ordinal);
        var end = error.LastIndexOf('\'');
        if (start < 0 || end <= start)
        {
            return false;
        }

        var descriptor = Find(error[(start + 1)..end]);
        if (descriptor is null)
        {
            return false;
        }

        lock (Gate)
        {
            if (Files.Add(descriptor.File))
            {
                Volatile.Write(ref _formatter, Build());
            }
        }

        return true;
    }

    /// <summary>protoc's C# naming: each package segment in PascalCase without underscores, then the message.</summary>
    private static MessageDescriptor? Find(string protoName)
    {
        var dot = protoName.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        var clrName = string.Join('.', protoName[..dot].Split('.').Select(PascalCase)) + "." + protoName[(dot + 1)..];
        var type = Assemblies.Select(assembly => assembly.GetType(clrName)).FirstOrDefault(found => found is not null);
        return type?.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor;
    }

    private static string PascalCase(string segment)
    {
        var result = new StringBuilder(segment.Length);
        foreach (var part in segment.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return result.ToString();
    }

    private static JsonFormatter Build() =>
        new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles([.. Files])));
}
