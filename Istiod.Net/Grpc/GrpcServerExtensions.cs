using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Istiod.Net.Grpc;

/// <summary>Wiring a <see cref="GrpcServiceRegistry"/> into Grpc.AspNetCore.</summary>
public static class GrpcServerExtensions
{
    /// <summary>
    /// Grpc.AspNetCore with our limits, and the registry (one per host) whose methods it will serve. Give a
    /// <see cref="GrpcConnectionAge"/> to end calls on connections that reach their age.
    /// </summary>
    public static GrpcServiceRegistry AddGrpcRegistry(
        this IServiceCollection services, GrpcServerOptions? options = null, GrpcConnectionAge? connectionAge = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new GrpcServerOptions();
        var registry = new GrpcServiceRegistry();
        services.AddSingleton(registry);
        if (connectionAge is not null)
        {
            services.AddSingleton(connectionAge);
        }

        services.AddSingleton<GrpcRegisteredService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<GrpcRegisteredService>, GrpcRegistryMethodProvider>());
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            // Handler exception text stays in our log (GrpcCallScope); the client gets a generic message.
            grpc.EnableDetailedErrors = false;
            // Unknown methods fall through to GrpcUnimplementedFallback, which names the method as we always did.
            grpc.IgnoreUnknownServices = true;
        });
        return registry;
    }

    /// <summary>
    /// Serves the registry's methods on this (branch of the) pipeline. Register every method first: the library
    /// reads the registry once, here. Unknown methods get UNIMPLEMENTED, other codecs than protobuf HTTP 415.
    /// </summary>
    public static IApplicationBuilder MapGrpcRegistry(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<GrpcContentTypeGuard>();
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapGrpcService<GrpcRegisteredService>());
        app.UseMiddleware<GrpcUnimplementedFallback>();
        return app;
    }
}
