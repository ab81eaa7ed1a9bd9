using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Grpc;

/// <summary>Grpc.AspNetCore asks this for the methods of <see cref="GrpcRegisteredService"/>: the registry's.</summary>
internal sealed class GrpcRegistryMethodProvider(
    GrpcServiceRegistry registry,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime,
    GrpcConnectionAge? connectionAge = null) : IServiceMethodProvider<GrpcRegisteredService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrpcRegisteredService> context) =>
        registry.Bind(context, new GrpcCallRuntime(loggers.CreateLogger("Istiod.Net.Grpc.Server"), lifetime.ApplicationStopping, connectionAge));
}
