using Istiod.Net.Admission;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Sources.File;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Injection;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.CaApi;
using Microsoft.Extensions.Logging;
using Istiod.Net.Xds.Cache;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Istiod.Net.Hosting;

/// <summary>
/// Which services the process runs and what each port serves: the one place the areas are joined.
/// </summary>
public static class IstiodServices
{
    public static void Add(IServiceCollection services, ServeOptions options)
    {
        services.AddSingleton(TimeProvider.System);

        // Config: parser → store, fed by the folder source.
        services.AddSingleton(new ConfigParser(options: new ConfigParserOptions { DefaultNamespace = options.DefaultNamespace }));
        services.AddSingleton<ConfigStore>();
        services.AddSingleton<IConfigStore>(sp => sp.GetRequiredService<ConfigStore>());
        if (options.ConfigDir is { } dir)
        {
            services.AddSingleton(new FileConfigSourceOptions { Directory = dir });
            services.AddSingleton<FileConfigSource>();
        }

        // Registry and push: ServiceEntry/WorkloadEntry services → push context, debounced.
        services.AddSingleton(new PushOptions { DebounceQuiet = options.DebounceAfter, DebounceMax = options.DebounceMax });
        services.AddSingleton<IServiceRegistrySource>(new ServiceEntryRegistrySource());
        services.AddSingleton<PushContextBuilder>();
        services.AddSingleton<XdsResourceCache<Dependency>>();
        services.AddSingleton(GeneratorTable.Default());
        services.AddSingleton<XdsResourceProvider>();
        services.AddSingleton<IXdsResourceProvider>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.AddSingleton<IPushContextConsumer>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.AddSingleton<PushCoordinator>();

        // Protocol.
        services.AddSingleton<XdsConnectionRegistry>();
        services.AddSingleton<AdsService>();

        // CA API: client certificates from our CA, then bearer tokens (a token file in file mode).
        if (options.TokenFile is { } tokenFile)
        {
            services.AddSingleton<ITokenReviewer>(sp => new FileTokenReviewer(tokenFile, sp.GetService<ILogger<FileTokenReviewer>>()));
        }

        services.AddSingleton(sp => new IstioCertificateService(
            sp.GetRequiredService<CertificateAuthority>(),
            IstioCertificateService.DefaultAuthenticators(sp.GetRequiredService<CertificateAuthority>(), sp.GetService<ITokenReviewer>()),
            new CaApiOptions(),
            sp.GetRequiredService<ILogger<IstioCertificateService>>(),
            sp.GetRequiredService<IstiodMetrics>()));

        services.AddHostedService<ControlPlaneStartup>();
    }

    public static void MapMonitoring(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMonitoringEndpoints();
        endpoints.MapXdsDebugEndpoints();
    }

    /// <summary>The admission webhooks: validation with the same parser and validators as every source, and sidecar injection.</summary>
    public static void MapWebhooks(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdmissionWebhook(endpoints.ServiceProvider.GetRequiredService<ConfigParser>());
        var serve = endpoints.ServiceProvider.GetService<ServeOptions>();
        endpoints.MapInjectionWebhook(serve is null
            ? new SidecarInjectionOptions()
            : new SidecarInjectionOptions { ControlPlaneNamespace = serve.Namespace, TrustDomain = serve.TrustDomain });
    }

    /// <summary>Everything that speaks gRPC, on the xDS and secure ports.</summary>
    public static void MapGrpc(IApplicationBuilder app, ServeOptions options)
    {
        var registry = new GrpcServiceRegistry();
        app.ApplicationServices.GetRequiredService<AdsService>().Register(registry);
        app.ApplicationServices.GetRequiredService<IstioCertificateService>().Register(registry);
        app.UseGrpcServices(
            registry,
            new GrpcServerOptions { MaxReceiveMessageSize = options.MaxReceiveMessageSize, MaxSendMessageSize = options.MaxSendMessageSize });
    }
}
