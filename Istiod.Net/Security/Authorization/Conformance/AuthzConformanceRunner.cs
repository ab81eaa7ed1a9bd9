using Envoy.Config.Rbac.V3;
using Google.Protobuf;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Store;
using Istiod.Net.Security.Authorization.Simulation;
using HttpFilter = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter;
using NetworkFilter = Envoy.Config.Listener.V3.Filter;

namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// Runs Istio's authorization builder cases: our filters for the case's workload against the filters
/// Istio built, compared by behaviour. Both go through the same simulated filter chain for every
/// generated request (with the external authorizer answering "deny" and then "allow"); a case passes
/// when every request gets the same outcome from both.
/// </summary>
public static class AuthzConformanceRunner
{
    public static readonly AuthzWorkload Workload = new()
    {
        Namespace = "foo",
        Labels = new Dictionary<string, string> { ["app"] = "httpbin", ["version"] = "v1" },
    };

    public static (IReadOnlyList<AuthzConformanceResult> Results, int Extended) Run(string folder, int randomRequests = 300)
    {
        var (cases, extended) = AuthzConformanceCatalog.Discover(folder);
        var parser = new ConfigParser();
        return (cases.Select(c => RunOne(c, parser, randomRequests)).ToArray(), extended);
    }

    public static AuthzConformanceResult RunOne(AuthzConformanceCase test, ConfigParser parser, int randomRequests)
    {
        try
        {
            var parsed = parser.ParseYaml(File.ReadAllText(test.InputFile), test.InputFile);
            var rejected = parsed.Where(p => p.Config is null).ToArray();
            if (rejected.Length > 0)
            {
                return new AuthzConformanceResult(test, 0, 0, [], "input rejected: " + string.Join("; ", rejected.SelectMany(r => r.Errors).Select(e => e.ToString())));
            }

            var snapshot = new ConfigSnapshot(1, parsed.Select(p => p.Config!));
            var ours = AuthorizationFilterBuilder.Build(snapshot, Workload, test.Options);
            var space = new RequestSpace();
            List<RBAC> rbacs = [];
            if (test.Tcp)
            {
                var theirs = test.ExpectedFiles.Select(f => EnvoyYamlReader.ReadNetworkFilter(File.ReadAllText(f))).ToArray();
                rbacs.AddRange(Rules(theirs).Concat(Rules(ours.Network)));
                rbacs.ForEach(space.Learn);
                return Compare(test, space, rbacs, false, r => FilterChainSimulator.RunTcp(theirs, r), r => FilterChainSimulator.RunTcp(ours.Network, r), randomRequests);
            }
            else
            {
                var theirs = test.ExpectedFiles.Select(f => EnvoyYamlReader.ReadHttpFilter(File.ReadAllText(f))).ToArray();
                rbacs.AddRange(Rules(theirs).Concat(Rules(ours.Http)));
                rbacs.ForEach(space.Learn);
                return Compare(test, space, rbacs, true, r => FilterChainSimulator.RunHttp(theirs, r), r => FilterChainSimulator.RunHttp(ours.Http, r), randomRequests);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidProtocolBufferException or InvalidOperationException or FormatException)
        {
            return new AuthzConformanceResult(test, 0, 0, [], e.Message);
        }
    }

    private static AuthzConformanceResult Compare(
        AuthzConformanceCase test,
        RequestSpace space,
        IReadOnlyList<RBAC> rbacs,
        bool isHttp,
        Func<AuthzRequest, AuthzDecision> theirs,
        Func<AuthzRequest, AuthzDecision> ours,
        int randomRequests)
    {
        var requests = RequestSearch.Generate(space, rbacs, randomRequests, seed: test.Name.Length * 7919, isHttp);
        var agreed = 0;
        var total = 0;
        var disagreements = new List<string>();
        foreach (var assignment in requests)
        {
            foreach (var extAuthzAllows in new[] { false, true })
            {
                var request = RequestSpace.ToRequest(assignment, extAuthzAllows);
                var expected = theirs(request);
                var actual = ours(request);
                total++;
                if (expected.Outcome == actual.Outcome)
                {
                    agreed++;
                }
                else if (disagreements.Count < 5)
                {
                    disagreements.Add($"{RequestSpace.Describe(assignment)} extauthz={(extAuthzAllows ? "allow" : "deny")}: Istio {expected.Outcome} ({expected.DecidedBy}), ours {actual.Outcome} ({actual.DecidedBy})");
                }
            }
        }

        return new AuthzConformanceResult(test, total, agreed, disagreements, null);
    }

    private static IEnumerable<RBAC> Rules(IEnumerable<HttpFilter> filters) =>
        filters.Where(f => f.TypedConfig?.Is(Envoy.Extensions.Filters.Http.Rbac.V3.RBAC.Descriptor) == true)
            .Select(f => f.TypedConfig.Unpack<Envoy.Extensions.Filters.Http.Rbac.V3.RBAC>())
            .SelectMany(r => new[] { r.Rules, r.ShadowRules })
            .OfType<RBAC>();

    private static IEnumerable<RBAC> Rules(IEnumerable<NetworkFilter> filters) =>
        filters.Where(f => f.TypedConfig?.Is(Envoy.Extensions.Filters.Network.Rbac.V3.RBAC.Descriptor) == true)
            .Select(f => f.TypedConfig.Unpack<Envoy.Extensions.Filters.Network.Rbac.V3.RBAC>())
            .SelectMany(r => new[] { r.Rules, r.ShadowRules })
            .OfType<RBAC>();
}
