using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Istiod.Net.Xds.Protocol;

/// <summary>Registers the ADS service and its connection registry (an IXdsResourceProvider and IstiodMetrics must be registered too).</summary>
public static class XdsProtocolServices
{
    public static IServiceCollection AddXdsProtocol(this IServiceCollection services)
    {
        services.TryAddSingleton<XdsConnectionRegistry>();
        services.TryAddSingleton<AdsService>();
        return services;
    }
}
