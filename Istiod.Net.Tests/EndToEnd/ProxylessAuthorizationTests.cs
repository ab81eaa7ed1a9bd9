using System.Globalization;
using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.EndToEnd;

/// <summary>
/// AuthorizationPolicy enforced by a real xDS-enabled gRPC server (grpc-js-xds XdsServer with
/// GRPC_XDS_EXPERIMENTAL_RBAC=true, gRFC A41) from the RBAC filters istiod-net puts in its listener.
/// Peers authenticate with mutual TLS (PeerAuthentication STRICT, certificates from the mesh CA), and the
/// policy names principals by those identities: the principal it allows is served, another service
/// account is refused, a method the policy excludes is refused even to the allowed principal, and an
/// edited policy, then its deletion (no policy: allow), is enforced by the same running server and clients.
/// The tests run in order, each starting from the policy the one before left.
/// </summary>
[TestFixture]
[Category("e2e")]
[NonParallelizable]
public sealed class ProxylessAuthorizationTests
{
    private const string Name = "authz";
    private const string AllowedAccount = "authz-allowed";
    private const string OtherAccount = "authz-other";
    private const string PolicyFile = "authorizationpolicy.yaml";
    private const string PermissionDenied = "PERMISSION_DENIED";
    private const int Rpcs = 20;

    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(30);

    // Wait-for-ready: an RPC waits for the mTLS connection instead of failing fast while the channel
    // connects, so every answer is the server's authorization decision, not a connection race.
    private static readonly E2eBatchRequest Who = new() { Rpcs = Rpcs, Concurrency = 5, TimeoutMs = 10_000, WaitForReady = true };
    private static readonly E2eBatchRequest Admin = Who with { Method = E2eEchoMethods.Admin };

    private ProxylessSecureMesh? _mesh;
    private E2eXdsClient? _allowed;
    private E2eXdsClient? _other;

    private ProxylessSecureMesh Mesh => _mesh ?? throw new InvalidOperationException("the mesh is not running");

    private E2eXdsClient Allowed => _allowed ?? throw new InvalidOperationException("the allowed client is not running");

    private E2eXdsClient Other => _other ?? throw new InvalidOperationException("the other client is not running");

    [OneTimeSetUp]
    public async Task StartMesh()
    {
        var files = new Dictionary<string, string>
        {
            ["peerauthentication.yaml"] = ProxylessSecureMesh.PeerAuthentication(Name, "STRICT"),
            [PolicyFile] = AllowExceptAdmin(AllowedAccount),
        };
        // grpc-js-xds registers its RBAC HTTP filter only with GRPC_XDS_EXPERIMENTAL_RBAC=true; without it
        // the server rejects a listener carrying RBAC filters. The rbac_filter trace logs each RBAC config
        // the server parses, so the server's log shows which policy it enforces.
        var serverEnvironment = new Dictionary<string, string>
        {
            ["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true",
            ["GRPC_TRACE"] = "rbac_filter",
            ["GRPC_VERBOSITY"] = "DEBUG",
        };
        _mesh = await ProxylessSecureMesh.StartAsync(Name, files, serverEnvironment);
        _allowed = await Mesh.StartClientAsync("allowed-client", AllowedAccount, xdsCredentials: true);
        _other = await Mesh.StartClientAsync("other-client", OtherAccount, xdsCredentials: true);
    }

    [OneTimeTearDown]
    public Task StopMesh() => _mesh?.StopAfterFixtureAsync() ?? Task.CompletedTask;

    [TearDown]
    public void DescribeOnFailure() => _mesh?.DescribeIfTestFailed();

    [Test]
    [Order(1)]
    public async Task PolicyAllowsItsPrincipalAndDeniesAnotherPrincipalAndTheExcludedMethod()
    {
        var allowedWho = await Allowed.RunAsync(Who);
        var otherWho = await Other.RunAsync(Who);
        var allowedAdmin = await Allowed.RunAsync(Admin);
        TestContext.Out.WriteLine($"{AllowedAccount} calling Who: {allowedWho}");
        TestContext.Out.WriteLine($"{OtherAccount} calling Who: {otherWho}");
        TestContext.Out.WriteLine($"{AllowedAccount} calling Admin: {allowedAdmin}");

        Assert.Multiple(() =>
        {
            Assert.That(allowedWho.AllReached(Name), Is.True, $"the principal the policy names must be served: {allowedWho}");
            Assert.That(allowedWho.Peers.GetValueOrDefault(Mesh.Identity(AllowedAccount)), Is.EqualTo(Rpcs), $"the server must see the allowed client's SPIFFE id over mTLS: {allowedWho}");
            Assert.That(otherWho.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"a principal the policy does not name must be denied: {otherWho}");
            Assert.That(allowedAdmin.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"{E2eEchoMethods.Path(E2eEchoMethods.Admin)} is in notPaths, so even the allowed principal must be denied: {allowedAdmin}");
        });
        await Mesh.AssertNoNackAsync();
    }

    [Test]
    [Order(2)]
    public async Task AnEditedPolicyTakesEffectWithoutRestartingAnyProcess()
    {
        var serverPid = Mesh.Server.ProcessId;
        var before = await Other.RunAsync(Who);
        Assert.That(before.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"before the edit, the policy must deny {OtherAccount}: {before}");

        // The edit also moves the Admin exclusion into a DENY policy, so the server enforces two RBAC filters.
        await Mesh.ReplaceConfigFileAsync(PolicyFile, AllowAndDenyAdmin(AllowedAccount, OtherAccount));

        // Bounded wait for the new policy to reach the server; the server, its listener port and both
        // clients' channels are the ones that ran before the edit.
        var changed = await Other.PollUntilAsync(b => b.AllReached(Name), ChangeTimeout, Who with { Rpcs = 5 });
        var otherWho = await Other.RunAsync(Who);
        var allowedWho = await Allowed.RunAsync(Who);
        var otherAdmin = await Other.RunAsync(Admin);
        var allowedAdmin = await Allowed.RunAsync(Admin);
        TestContext.Out.WriteLine($"after the edit: first all-OK probe of {OtherAccount}: {changed}");
        TestContext.Out.WriteLine($"{OtherAccount} calling Who: {otherWho}");
        TestContext.Out.WriteLine($"{AllowedAccount} calling Who: {allowedWho}");
        TestContext.Out.WriteLine($"{OtherAccount} calling Admin: {otherAdmin}");
        TestContext.Out.WriteLine($"{AllowedAccount} calling Admin: {allowedAdmin}");

        Assert.Multiple(() =>
        {
            Assert.That(otherWho.AllReached(Name), Is.True, $"after the edit the policy names {OtherAccount}: {otherWho}");
            Assert.That(otherWho.Peers.GetValueOrDefault(Mesh.Identity(OtherAccount)), Is.EqualTo(Rpcs), otherWho.ToString());
            Assert.That(allowedWho.AllReached(Name), Is.True, $"{AllowedAccount} is still named: {allowedWho}");
            Assert.That(otherAdmin.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"the DENY policy denies Admin to the newly allowed principal: {otherAdmin}");
            Assert.That(allowedAdmin.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"the DENY policy denies Admin: {allowedAdmin}");
            Assert.That(Mesh.Server.HasExited, Is.False, "the server must still run");
            Assert.That(Mesh.Server.ProcessId, Is.EqualTo(serverPid), "the server must be the same process");
            Assert.That(Mesh.Istiod.HasExited, Is.False, "istiod-net must still run");
        });
        await Mesh.AssertNoNackAsync();
    }

    [Test]
    [Order(3)]
    public async Task WithThePolicyDeletedEveryPrincipalMayCallEveryMethod()
    {
        var serverPid = Mesh.Server.ProcessId;
        var before = await Allowed.RunAsync(Admin);
        Assert.That(before.StatusCount(PermissionDenied), Is.EqualTo(Rpcs), $"before the deletion, the policy must deny Admin: {before}");

        // No AuthorizationPolicy selects the workload any more: the listener loses its RBAC filters, and
        // "no policy" means allow.
        Mesh.DeleteConfigFile(PolicyFile);

        var changed = await Allowed.PollUntilAsync(b => b.AllReached(Name), ChangeTimeout, Admin with { Rpcs = 5 });
        var results = new Dictionary<string, E2eBatchResult>
        {
            [$"{AllowedAccount} Who"] = await Allowed.RunAsync(Who),
            [$"{AllowedAccount} Admin"] = await Allowed.RunAsync(Admin),
            [$"{OtherAccount} Who"] = await Other.RunAsync(Who),
            [$"{OtherAccount} Admin"] = await Other.RunAsync(Admin),
        };
        TestContext.Out.WriteLine($"after the deletion: first all-OK probe of {AllowedAccount} calling Admin: {changed}");
        foreach (var (call, result) in results)
        {
            TestContext.Out.WriteLine($"{call}: {result}");
        }

        Assert.Multiple(() =>
        {
            foreach (var (call, result) in results)
            {
                Assert.That(result.AllReached(Name), Is.True, $"{call}: without a policy every RPC must be served: {result}");
            }
            Assert.That(Mesh.Server.ProcessId, Is.EqualTo(serverPid), "the server must be the same process");
            Assert.That(Mesh.Server.HasExited, Is.False, "the server must still run");
        });
        await Mesh.AssertNoNackAsync();
    }

    /// <summary>
    /// ALLOW for the given service accounts, on every path but the Admin method: an ALLOW policy denies
    /// whatever none of its rules match, so the other service accounts and Admin are refused.
    /// </summary>
    private static string AllowExceptAdmin(params string[] serviceAccounts) => string.Create(CultureInfo.InvariantCulture, $"""
        {PolicyHeader("ALLOW")}
          rules:
          - from:
            - source:
                principals: [{Principals(serviceAccounts)}]
            to:
            - operation:
                notPaths: ["{E2eEchoMethods.Path(E2eEchoMethods.Admin)}"]

        """);

    /// <summary>
    /// The same decisions from two policies: ALLOW for the given service accounts on every path, and DENY of
    /// the Admin method to everyone. The server then holds a DENY and an ALLOW filter, which gRPC evaluates
    /// in that order (and NACKs if they share a name).
    /// </summary>
    private static string AllowAndDenyAdmin(params string[] serviceAccounts) => string.Create(CultureInfo.InvariantCulture, $"""
        {PolicyHeader("ALLOW")}
          rules:
          - from:
            - source:
                principals: [{Principals(serviceAccounts)}]
        ---
        {PolicyHeader("DENY", "-deny-admin")}
          rules:
          - to:
            - operation:
                paths: ["{E2eEchoMethods.Path(E2eEchoMethods.Admin)}"]

        """);

    private static string PolicyHeader(string action, string suffix = "") => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: {ProxylessSecureMesh.ServerAppOf(Name)}{suffix}
          namespace: {ProxylessSecureMesh.Namespace}
        spec:
          selector:
            matchLabels:
              app: {ProxylessSecureMesh.ServerAppOf(Name)}
          action: {action}
        """);

    private static string Principals(string[] serviceAccounts) =>
        string.Join(", ", serviceAccounts.Select(sa => $"\"cluster.local/ns/{ProxylessSecureMesh.Namespace}/sa/{sa}\""));
}
