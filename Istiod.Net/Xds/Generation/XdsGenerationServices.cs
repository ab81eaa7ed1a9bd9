using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Protocol;
using Istiod.Net.Xds.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Registers everything from the config store to the xDS resource provider: registry sources, push
/// context builder, push coordinator (started by a hosted service), generators, cache and the provider
/// as <see cref="IXdsResourceProvider"/>. Needs an <see cref="IConfigStore"/>, <see cref="IstiodMetrics"/>
/// and logging registered by the host. The <see cref="IProtoRulesChecker"/> every resource passes can be
/// replaced (e.g. by <see cref="DisabledRulesChecker"/> in benchmarks) by registering one first.
/// </summary>
public static class XdsGenerationServices
{
    public static IServiceCollection AddXdsGeneration(this IServiceCollection services, PushOptions? options = null)
    {
        services.TryAddSingleton(options ?? new PushOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceRegistrySource, ServiceEntryRegistrySource>(
            sp => new ServiceEntryRegistrySource(sp.GetRequiredService<PushOptions>().DnsDomain)));
        services.TryAddSingleton(sp => GeneratorTable.Default(loggers: sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<XdsResourceCache<Dependency>>();
        services.TryAddSingleton<IProtoRulesChecker>(sp => new ProtoRulesChecker(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new XdsResourceProvider(
            sp.GetRequiredService<GeneratorTable>(),
            sp.GetRequiredService<XdsResourceCache<Dependency>>(),
            sp.GetRequiredService<IstiodMetrics>(),
            sp.GetRequiredService<ILogger<XdsResourceProvider>>(),
            sp.GetRequiredService<IProtoRulesChecker>(),
            sp.GetService<ProcessHealth>()));
        services.TryAddSingleton<IXdsResourceProvider>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.TryAddSingleton<IPushContextConsumer>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.TryAddSingleton(sp => new PushContextBuilder(
            sp.GetServices<IServiceRegistrySource>(), sp.GetRequiredService<PushOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PushCoordinator(
            sp.GetRequiredService<IConfigStore>(),
            sp.GetRequiredService<PushContextBuilder>(),
            sp.GetRequiredService<IPushContextConsumer>(),
            sp.GetRequiredService<PushOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IstiodMetrics>(),
            sp.GetRequiredService<ILogger<PushCoordinator>>()));
        services.AddHostedService<PushCoordinatorService>();
        return services;
    }
}
