using Istiod.Net.Admission;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Sources.File;
using Istiod.Net.Config.Sources.Kube;
using Istiod.Net.Kube;
using Istiod.Net.Registry.Kube;
using Istiod.Net.Security.Kube;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Injection;
using Istiod.Net.Push;
using Istiod.Net.Registry;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.CaApi;
using Istiod.Net.Security.Credentials;
using Istiod.Net.Security.RequestAuthn;
using Istiod.Net.Security.Sds;
using Istiod.Net.Xds.Generation.Listeners;
using Istiod.Net.Xds.Generation.Secrets;
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
    private const string JwksHttpClient = "jwks";

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

        services.AddSingleton(sp => new SelfSignedRootRotator(
            sp.GetRequiredService<CertificateAuthority>(), options.RootRotation, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SelfSignedRootRotator>>()));
        if (options.HasCluster)
        {
            AddCluster(services, options);
        }
        else
        {
            // In a cluster the elected replica rotates through istio-ca-secret instead (ClusterSingletons).
            services.AddHostedService<SelfSignedRootRotation>();
        }

        // Registry and push: ServiceEntry/WorkloadEntry services → push context, debounced.
        services.AddSingleton(new PushOptions { DebounceQuiet = options.DebounceAfter, DebounceMax = options.DebounceMax, Mesh = options.Mesh });
        services.AddSingleton<IServiceRegistrySource>(new ServiceEntryRegistrySource());
        services.AddSingleton<PushContextBuilder>();
        services.AddSingleton(new XdsResourceCache<Dependency>(options.XdsCacheSize));
        services.AddSingleton(sp => new ProcessHealth(sp.GetRequiredService<IstiodMetrics>(), sp.GetRequiredService<ILogger<ProcessHealth>>()));
        // RequestAuthentication jwksUris: fetched here and inlined into jwt_authn (proxies never call the issuer).
        services.AddKeyedSingleton(JwksHttpClient, (_, _) => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
        services.AddSingleton(sp => new JwksResolver(
            sp.GetRequiredKeyedService<HttpClient>(JwksHttpClient), options.Jwks, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JwksResolver>>()));
        services.AddSingleton(options.JwksRefresh);
        services.AddSingleton<JwksRefresher>();
        services.AddSingleton<JwksPushes>();
        services.AddSingleton(sp => GeneratorTable.Default(
            sp.GetRequiredService<SecretGenerator>(), sp.GetService<ILoggerFactory>(), new PolicyAuthorizationFilters(sp.GetRequiredService<JwksResolver>())));
        services.AddSingleton(sp => new XdsResourceProvider(
            sp.GetRequiredService<GeneratorTable>(),
            sp.GetRequiredService<XdsResourceCache<Dependency>>(),
            sp.GetRequiredService<IstiodMetrics>(),
            sp.GetRequiredService<ILogger<XdsResourceProvider>>(),
            health: sp.GetRequiredService<ProcessHealth>()));
        services.AddSingleton<IXdsResourceProvider>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.AddSingleton<IPushContextConsumer>(sp => sp.GetRequiredService<XdsResourceProvider>());
        services.AddSingleton<PushCoordinator>();

        // Protocol; streams on the TLS port are authenticated like CA API calls.
        services.AddSingleton<XdsConnectionRegistry>();
        services.AddSingleton<IXdsStreamAuthenticator>(sp => new XdsStreamAuthenticator(
            IstioCertificateService.DefaultAuthenticators(sp.GetRequiredService<CertificateAuthority>(), sp.GetService<ITokenReviewer>()),
            sp.GetRequiredService<CertificateAuthority>().TrustDomain,
            options.DevInsecureSdsOnPlaintext,
            sp.GetRequiredService<ILogger<XdsStreamAuthenticator>>()));
        services.AddSingleton<AdsService>();

        // The monitoring port: /debug/* from a non-loopback caller needs the same credential as the secure port, of the control plane's namespace.
        services.AddSingleton(sp => new DebugAccessGate(
            IstioCertificateService.DefaultAuthenticators(sp.GetRequiredService<CertificateAuthority>(), sp.GetService<ITokenReviewer>()),
            options.Namespace));

        // SDS: per-identity generated certificates, renewed before half-life and pushed to their proxies.
        services.AddSingleton(sp =>
        {
            var store = new WorkloadCertificateStore(
                sp.GetRequiredService<CertificateAuthority>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkloadCertificateStore>>());
            var metrics = sp.GetRequiredService<IstiodMetrics>();
            store.Issued += _ => metrics.SecretsIssued.Add(1);
            return store;
        });
        if (options.CredentialsDir is { } credentialsDir)
        {
            services.AddSingleton<ICredentialSource>(_ => new FileCredentialSource(credentialsDir));
        }

        // Who may read a gateway credential: RBAC (SubjectAccessReview) in a cluster, the listed service accounts in file mode.
        services.AddSingleton<IGatewaySecretAuthorizer>(sp =>
        {
            if (options.HasCluster)
            {
                return new SubjectAccessReviewAuthorizer(
                    sp.GetRequiredService<KubeClient>().ReviewSubjectAccessAsync,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<SubjectAccessReviewAuthorizer>>());
            }

            if (options.CredentialsDir is not null && options.GatewayServiceAccounts.Count == 0)
            {
                GatewayAuthorizationLog.NoGatewayServiceAccounts(sp.GetRequiredService<ILogger<ServiceAccountListAuthorizer>>());
            }

            return new ServiceAccountListAuthorizer(options.GatewayServiceAccounts);
        });
        services.AddSingleton(sp => new SecretGenerator(
            sp.GetRequiredService<CertificateAuthority>(),
            sp.GetRequiredService<WorkloadCertificateStore>(),
            sp.GetService<ICredentialSource>(),
            sp.GetRequiredService<IstiodMetrics>(),
            sp.GetRequiredService<ILogger<SecretGenerator>>(),
            sp.GetRequiredService<IGatewaySecretAuthorizer>()));
        services.AddSingleton<SecretPushes>();

        // CA API and SDS on the secure port: client certificates from our CA, then bearer tokens, checked against
        // the token file when one is given, else by TokenReview with the cluster's API server, as Istio does.
        if (options.TokenFile is { } tokenFile)
        {
            services.AddSingleton<ITokenReviewer>(sp => new FileTokenReviewer(tokenFile, sp.GetService<ILogger<FileTokenReviewer>>()));
        }
        else if (options.HasCluster)
        {
            services.AddSingleton<ITokenReviewer>(sp => new KubeTokenReviewer(sp.GetRequiredService<KubeClient>(), sp.GetService<ILogger<KubeTokenReviewer>>()));
        }

        services.AddSingleton(sp => new IstioCertificateService(
            sp.GetRequiredService<CertificateAuthority>(),
            IstioCertificateService.DefaultAuthenticators(sp.GetRequiredService<CertificateAuthority>(), sp.GetService<ITokenReviewer>()),
            new CaApiOptions(),
            sp.GetRequiredService<ILogger<IstioCertificateService>>(),
            sp.GetRequiredService<IstiodMetrics>()));

        services.AddHostedService<ControlPlaneStartup>();

        // After the start-up above, so the first cycle sees the loaded config.
        services.AddHostedService(sp => sp.GetRequiredService<JwksRefresher>());
    }

    /// <summary>
    /// A cluster: its config (Istio CRDs and the mesh ConfigMap), its services and endpoints, and the leader's
    /// singleton work. Connection settings are read now, so a bad kubeconfig stops the start with its message.
    /// </summary>
    private static void AddCluster(IServiceCollection services, ServeOptions options)
    {
        var cluster = options.InCluster ? KubeClusterConfig.InCluster() : KubeClusterConfig.FromKubeconfig(options.Kubeconfig!);
        services.AddSingleton(cluster);
        services.AddSingleton(sp => new KubeClient(cluster, new KubeClientOptions(), sp.GetService<ILogger<KubeClient>>()));
        services.AddSingleton(sp => new KubeConfigSource(
            sp.GetRequiredService<KubeClient>(), sp.GetRequiredService<ConfigParser>(), sp.GetRequiredService<ConfigStore>(),
            new KubeConfigSourceOptions { SourceId = $"kubernetes:{options.ClusterId}" }, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new KubeMeshConfigSource(
            sp.GetRequiredService<KubeClient>(), options.Namespace, options.MeshConfigMap, loggers: sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new KubeServiceRegistry(
            sp.GetRequiredService<KubeClient>(), new KubeServiceRegistryOptions(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IServiceRegistrySource>(sp => sp.GetRequiredService<KubeServiceRegistry>());
        services.AddSingleton(sp => new ClusterSingletons(
            sp.GetRequiredService<KubeClient>(),
            sp.GetRequiredService<CertificateAuthority>(),
            new LeaderWorkOptions
            {
                Namespace = options.Namespace,
                ValidatingWebhookConfiguration = options.ValidatingWebhookConfiguration,
                MutatingWebhookConfiguration = options.MutatingWebhookConfiguration,
            },
            new LeaderElectionOptions { Namespace = options.Namespace, LeaseName = options.LeaseName, Identity = options.PodName },
            loggers: sp.GetRequiredService<ILoggerFactory>(),
            shareCa: options.CacertsDir is null,
            rotator: sp.GetRequiredService<SelfSignedRootRotator>(),
            time: sp.GetRequiredService<TimeProvider>()));
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
            : new SidecarInjectionOptions { ControlPlaneNamespace = serve.Namespace, TrustDomain = serve.TrustDomain, InitImage = serve.InitImage });
    }

    /// <summary>Everything that speaks gRPC, on the xDS and secure ports.</summary>
    public static void MapGrpc(IApplicationBuilder app, ServeOptions options)
    {
        // Grpc.AspNetCore serves the registry (AddGrpcRegistry in IstiodHost); it reads it once, when mapped.
        var registry = app.ApplicationServices.GetRequiredService<GrpcServiceRegistry>();
        app.ApplicationServices.GetRequiredService<AdsService>().Register(registry);
        app.ApplicationServices.GetRequiredService<IstioCertificateService>().Register(registry);
        app.MapGrpcRegistry();
    }
}
