using Istiod.Net.Config.Mesh;
namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// Pairs Istio's builder test files into cases. Most are <c>&lt;name&gt;-in.yaml</c> with
/// <c>&lt;name&gt;-out[N].yaml</c>; the mesh settings some cases need (trust-domain aliases, ext_authz
/// providers) are not in the files, so they are restated here as Istio's builder test states them.
/// <c>extended-*</c> outputs target Istio's own Envoy build and are only counted.
/// </summary>
public static class AuthzConformanceCatalog
{
    private static readonly AuthzOptions Plain = new();

    public static (IReadOnlyList<AuthzConformanceCase> Cases, int Extended) Discover(string folder)
    {
        var cases = new List<AuthzConformanceCase>();
        var extended = 0;
        foreach (var (sub, tcp) in new[] { ("http", false), ("tcp", true) })
        {
            var dir = Path.Combine(folder, sub);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            var files = Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            extended += files.Count(f => f.StartsWith("extended-", StringComparison.Ordinal) && f.Contains("-out", StringComparison.Ordinal));
            foreach (var input in files.Where(f => f.EndsWith("-in.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var name = input[..^"-in.yaml".Length];
                if (name == "custom-simple-http" && !tcp)
                {
                    foreach (var (caseName, options) in CustomSimpleHttp())
                    {
                        cases.Add(new AuthzConformanceCase(caseName, tcp, Path.Combine(dir, input), Outputs(dir, files, caseName == "custom-bad-invalid-config" ? "custom-bad" : caseName), options));
                    }

                    continue;
                }

                cases.Add(new AuthzConformanceCase(name, tcp, Path.Combine(dir, input), Outputs(dir, files, name), OptionsFor(name, tcp)));
            }
        }

        return (cases, extended);
    }

    private static IReadOnlyList<string> Outputs(string dir, HashSet<string> files, string name)
    {
        if (files.Contains($"{name}-out.yaml"))
        {
            return [Path.Combine(dir, $"{name}-out.yaml")];
        }

        var numbered = new List<string>();
        for (var i = 1; files.Contains($"{name}-out{i}.yaml"); i++)
        {
            numbered.Add(Path.Combine(dir, $"{name}-out{i}.yaml"));
        }

        return numbered;
    }

    private static AuthzOptions OptionsFor(string name, bool tcp) => name switch
    {
        "simple-policy-td-aliases" => Plain with { TrustDomain = "td1", TrustDomainAliases = ["cluster.local"] },
        "simple-policy-multiple-td-aliases" => Plain with { TrustDomain = "td1", TrustDomainAliases = ["cluster.local", "some-td"] },
        "simple-policy-principal-with-wildcard" => Plain with { TrustDomain = "td1", TrustDomainAliases = ["foobar"] },
        "td-aliases-source-principal" => Plain with { TrustDomain = "new-td", TrustDomainAliases = ["old-td", "some-trustdomain"] },
        "custom-bad-multiple-providers" => Plain with { ExtensionProviders = [HttpProvider()] },
        "custom-both-http-tcp" when tcp => Plain with { ExtensionProviders = [GrpcProvider()] },
        "custom-only-http" when tcp => Plain with { ExtensionProviders = [HttpProvider()] },
        _ => Plain,
    };

    private static IEnumerable<(string Name, AuthzOptions Options)> CustomSimpleHttp() =>
    [
        ("custom-grpc-provider-no-namespace", Plain with
        {
            ExtensionProviders =
            [
                new ExtAuthzProvider
                {
                    Name = "default", Kind = ExtAuthzProviderKind.Grpc, Service = "my-custom-ext-authz.foo.svc.cluster.local", Port = 9000,
                    FailOpen = true, StatusOnError = "403",
                },
            ],
        }),
        ("custom-grpc-provider", Plain with { ExtensionProviders = [GrpcProvider()] }),
        ("custom-http-provider", Plain with { ExtensionProviders = [HttpProvider()] }),
        ("custom-bad-invalid-config", Plain with
        {
            ExtensionProviders =
            [
                new ExtAuthzProvider
                {
                    Name = "default", Kind = ExtAuthzProviderKind.Http, Service = "foo/my-custom-ext-authz", Port = 999999,
                    PathPrefix = "check", StatusOnError = "999",
                },
            ],
        }),
    ];

    private static ExtAuthzProvider GrpcProvider() => new()
    {
        Name = "default",
        Kind = ExtAuthzProviderKind.Grpc,
        Service = "foo/my-custom-ext-authz.foo.svc.cluster.local",
        Port = 9000,
        Timeout = TimeSpan.FromMilliseconds(2),
        FailOpen = true,
        StatusOnError = "403",
        IncludeRequestBodyInCheck = new ExtAuthzRequestBody { MaxRequestBytes = 4096, AllowPartialMessage = true },
    };

    private static ExtAuthzProvider HttpProvider() => new()
    {
        Name = "default",
        Kind = ExtAuthzProviderKind.Http,
        Service = "foo/my-custom-ext-authz.foo.svc.cluster.local",
        Port = 9000,
        Timeout = TimeSpan.FromSeconds(10),
        FailOpen = true,
        StatusOnError = "403",
        PathPrefix = "/check",
        IncludeRequestHeadersInCheck = ["x-custom-id", "x-prefix-*", "*-suffix"],
        IncludeAdditionalHeadersInCheck = new Dictionary<string, string> { ["x-header-1"] = "value-1", ["x-header-2"] = "value-2" },
        IncludeRequestBodyInCheck = new ExtAuthzRequestBody { MaxRequestBytes = 2048, AllowPartialMessage = true, PackAsBytes = true },
        HeadersToUpstreamOnAllow = ["Authorization", "x-prefix-*", "*-suffix"],
        HeadersToDownstreamOnDeny = ["Set-cookie", "x-prefix-*", "*-suffix"],
    };
}
