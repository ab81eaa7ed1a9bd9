using Envoy.Config.Core.V3;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>The provider-side model of a proxy in these tests: the node it connected with.</summary>
internal sealed record TestProxy(string Id, Node Node, XdsConnectionInfo Connection) : IXdsProxy;
