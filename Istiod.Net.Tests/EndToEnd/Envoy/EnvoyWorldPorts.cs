namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// Every port the real-Envoy world uses, chosen free on this machine: the services' ports (which the sidecars'
/// egress and ingress listeners bind), the gateway's port, the backends', and each Envoy's admin, stats and health ports.
/// </summary>
public sealed record EnvoyWorldPorts(
    int Web, int Server, int Gateway, int WebV1, int WebV2, int ServerApp,
    int GatewayAdmin, int GatewayStats, int ClientAdmin, int ClientStats, int ServerAdmin, int ServerStats,
    int GatewayHealth, int ClientHealth, int ServerHealth)
{
    public static EnvoyWorldPorts Take()
    {
        var p = Infrastructure.E2eFreePorts.Take(15);
        return new EnvoyWorldPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]);
    }
}
