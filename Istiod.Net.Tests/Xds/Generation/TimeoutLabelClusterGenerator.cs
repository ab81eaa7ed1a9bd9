using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Push;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Generation;

/// <summary>
/// A cluster generator a test can break on purpose: one STATIC cluster per Gateway config, whose connect
/// timeout in seconds is the Gateway's label <c>timeout</c>. "0" makes a cluster Envoy refuses
/// (connect_timeout must be above zero).
/// </summary>
internal sealed class TimeoutLabelClusterGenerator : IXdsGenerator
{
    public const string Kind = "Gateway";

    public string TypeUrl => XdsTypeUrls.Cluster;

    public IReadOnlySet<DependencyKind> Reads { get; } = new HashSet<DependencyKind> { DependencyKind.ConfigKind };

    public IEnumerable<string> ListNames(GenerationContext context, DependencyRecorder read)
    {
        read.Add(Dependency.Config(Kind));
        return context.Push.Config.List(Kind).Select(c => c.Meta.Name);
    }

    public IMessage? Generate(GenerationContext context, string name, DependencyRecorder read)
    {
        read.Add(Dependency.Config(Kind));
        var config = context.Push.Config.List(Kind).FirstOrDefault(c => c.Meta.Name == name);
        if (config is null)
        {
            return null;
        }

        return new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Static,
            ConnectTimeout = new Duration { Seconds = long.Parse(config.Meta.Labels["timeout"], System.Globalization.CultureInfo.InvariantCulture) },
            LoadAssignment = new Envoy.Config.Endpoint.V3.ClusterLoadAssignment { ClusterName = name },
        };
    }
}
