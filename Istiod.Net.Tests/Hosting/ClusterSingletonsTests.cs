using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Admission;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Hosting;
using Istiod.Net.Kube;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.Kube;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using Istiod.Net.Tests.Kube;
using Istiod.Net.Tests.Security.Ca;
using static Istiod.Net.Tests.Infrastructure.KubeIstioObjects;

namespace Istiod.Net.Tests.Hosting;

public sealed class ClusterSingletonsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string Validator = "istiod-net-validator-istio-system";

    [Test]
    public async Task Two_replicas_share_one_root_and_only_the_leader_publishes_the_root_cert_everywhere()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var ns in new[] { "istio-system", "a", "b" })
        {
            server.Create(KubeResourceTypes.Namespaces, Namespace(ns));
        }

        using var caA = CertificateAuthority.Create(new CertificateAuthorityOptions());
        using var caB = CertificateAuthority.Create(new CertificateAuthorityOptions());
        Assert.That(caA.TrustBundle.Pem, Is.Not.EqualTo(caB.TrustBundle.Pem), "two replicas start with roots of their own");
        await using var a = new Replica(server, caA, "a", 1);
        await using var b = new Replica(server, caB, "b", 2);

        await KubeTestWait.UntilAsync(() => a.Singletons.Elector.IsLeader || b.Singletons.Elector.IsLeader, "a leader");
        await Task.WhenAll(a.Singletons.CaShared, b.Singletons.CaShared).WaitAsync(Wait);
        var (leader, follower) = a.Singletons.Elector.IsLeader ? (a, b) : (b, a);
        Assert.That(caA.TrustBundle.Pem, Is.EqualTo(caB.TrustBundle.Pem), "both sign with the shared root");
        var secret = server.Get(KubeResourceTypes.Secrets, "istio-system", IstioCaSecret.Name)!;
        Assert.That(secret["type"]!.GetValue<string>(), Is.EqualTo(IstioCaSecret.Type));
        Assert.That(((JsonObject)secret["data"]!).Select(kv => kv.Key), Is.EquivalentTo(new[] { "ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem" }));

        await KubeTestWait.UntilAsync(() => AllPublished(server, leader.Ca, "istio-system", "a", "b"), "the root cert in every namespace");
        Assert.That(follower.Singletons.RootCerts.Writes, Is.Zero, "only the leader writes");

        // Deleted: recreated. Edited: corrected. A new namespace: published.
        server.Delete(KubeResourceTypes.ConfigMaps, "a", RootCertPublisher.ConfigMapName);
        server.Patch(KubeResourceTypes.ConfigMaps, "b", RootCertPublisher.ConfigMapName, new JsonObject { ["data"] = new JsonObject { [RootCertPublisher.Key] = "tampered" } });
        server.Create(KubeResourceTypes.Namespaces, Namespace("c"));
        await KubeTestWait.UntilAsync(() => AllPublished(server, leader.Ca, "istio-system", "a", "b", "c"), "the ConfigMaps to be put right");

        // A new bundle (root rotation) is published everywhere.
        var before = leader.Ca.TrustBundle.Pem;
        leader.Ca.RotateSelfSignedRoot();
        Assert.That(leader.Ca.TrustBundle.Pem, Is.Not.EqualTo(before));
        await KubeTestWait.UntilAsync(() => AllPublished(server, leader.Ca, "istio-system", "a", "b", "c"), "the rotated bundle");
        Assert.That(follower.Singletons.RootCerts.Writes, Is.Zero);

        // The leader goes away: its writers stop and the other replica takes the work over.
        await leader.DisposeAsync();
        var leaderWrites = leader.Singletons.RootCerts.Writes;
        await KubeTestWait.UntilAsync(() => follower.Singletons.Elector.IsLeader, "the follower to lead");
        server.Delete(KubeResourceTypes.ConfigMaps, "a", RootCertPublisher.ConfigMapName);
        await KubeTestWait.UntilAsync(() => AllPublished(server, follower.Ca, "a"), "the new leader to recreate it");
        Assert.That(leader.Singletons.RootCerts.Writes, Is.EqualTo(leaderWrites), "the old leader wrote nothing after stopping");
        Assert.That(follower.Singletons.RootCerts.Writes, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_due_root_is_rotated_by_the_leader_through_the_secret_and_both_replicas_sign_with_it()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(KubeResourceTypes.Namespaces, Namespace("istio-system"));
        var time = new ManualTimeProvider();
        var options = RootRotationClock.Options();
        var schedule = new SelfSignedRootRotatorOptions { CheckInterval = TimeSpan.FromDays(1) };
        using var caA = CertificateAuthority.Create(options, time: time);
        using var caB = CertificateAuthority.Create(options, time: time);
        await using var a = new Replica(server, caA, "a", 5, new SelfSignedRootRotator(caA, schedule, time), time);
        await using var b = new Replica(server, caB, "b", 6, new SelfSignedRootRotator(caB, schedule, time), time);
        await Task.WhenAll(a.Singletons.CaShared, b.Singletons.CaShared).WaitAsync(Wait);
        var shared = caA.Root.Thumbprint;
        var sharedPem = Read(server).CaCertPem;
        Assert.That(caB.Root.Thumbprint, Is.EqualTo(shared));

        // One check interval per poll: the leader's loop may be between a check and its next timer when the clock moves.
        time.Advance(TimeSpan.FromDays(80));
        await KubeTestWait.UntilAsync(
            () =>
            {
                var done = caA.Root.Thumbprint != shared && caA.Root.Thumbprint == caB.Root.Thumbprint;
                if (Read(server).CaCertPem == sharedPem)
                {
                    time.Advance(TimeSpan.FromDays(1));
                }

                return done;
            },
            "both replicas on the rotated root");

        var secret = Read(server);
        Assert.That(secret.CaCertPem, Is.EqualTo(caA.Root.ExportCertificatePem() + "\n"), "the secret holds the new root");
        foreach (var ca in new[] { caA, caB })
        {
            Assert.That(ca.TrustBundle.Roots.Select(r => r.Thumbprint), Does.Contain(shared), "the old root stays trusted");
            Assert.That(ca.TrustBundle.Roots, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task A_replica_loads_the_CA_from_an_existing_secret()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var original = CertificateAuthority.Create(new CertificateAuthorityOptions());
        server.Create(KubeResourceTypes.Secrets, IstioCaSecret.ToSecret("istio-system", original.ExportPem()));
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        await using var replica = new Replica(server, ca, "r", 3);

        await replica.Singletons.CaShared.WaitAsync(Wait);

        Assert.That(ca.TrustBundle.Pem, Is.EqualTo(original.TrustBundle.Pem));
        Assert.That(ca.MaterialSource, Does.Contain(IstioCaSecret.Name));
    }

    [Test]
    public async Task The_validator_gets_the_CA_bundle_and_switches_to_Fail_only_after_the_dry_run_is_denied()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(KubeResourceTypes.Namespaces, Namespace("istio-system"));
        server.Create(KubeResourceTypes.ValidatingWebhookConfigurations, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Validator },
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "validation.istiod-net.istio.io",
                ["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "istiod-net", ["namespace"] = "istio-system", ["path"] = "/validate", ["port"] = 443 } },
                ["failurePolicy"] = "Ignore",
                ["sideEffects"] = "None",
                ["admissionReviewVersions"] = new JsonArray("v1"),
            }),
        });
        using var ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        await using var replica = new Replica(server, ca, "r", 4);
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(ca.TrustBundle.Pem));

        // Webhook not reachable yet: the API server accepts the invalid object's dry run.
        await KubeTestWait.UntilAsync(() => Webhook(server)["clientConfig"]?["caBundle"]?.GetValue<string>() == Convert.ToBase64String(Encoding.UTF8.GetBytes(ca.TrustBundle.Pem)), "the caBundle");
        await KubeTestWait.UntilAsync(() => DryRuns(server) >= 3, "several dry runs");
        Assert.That(Webhook(server)["failurePolicy"]!.GetValue<string>(), Is.EqualTo("Ignore"));
        Assert.That(replica.Singletons.Webhooks.DenialSeen, Is.False);

        // Our webhook is wired in: the same validation the /validate endpoint runs denies the probe.
        var handler = new AdmissionReviewHandler(new ConfigParser());
        server.Admit = (resource, obj) => Review(handler, resource, obj);
        await KubeTestWait.UntilAsync(() => Webhook(server)["failurePolicy"]!.GetValue<string>() == "Fail", "failurePolicy Fail");
        Assert.That(replica.Singletons.Webhooks.DenialSeen, Is.True);
        Assert.That(server.Objects(VirtualServicesV1), Is.Empty, "a dry run stores nothing");
        Assert.That(Webhook(server)["clientConfig"]!["caBundle"]!.GetValue<string>(), Is.EqualTo(bundle));
    }

    private static string? Review(AdmissionReviewHandler handler, FakeResource resource, JsonObject obj)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = obj["kind"]?.GetValue<string>() },
                ["resource"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Plural },
                ["namespace"] = obj["metadata"]?["namespace"]?.GetValue<string>(),
                ["operation"] = "CREATE",
                ["object"] = obj.DeepClone(),
            },
        };
        var (response, problem, _) = handler.Handle(Encoding.UTF8.GetBytes(review.ToJsonString()));
        Assert.That(problem, Is.Null);
        var answer = response!["response"]!;
        return answer["allowed"]!.GetValue<bool>() ? null : answer["status"]?["message"]?.GetValue<string>() ?? "denied";
    }

    private static JsonObject Webhook(FakeKubeApiServer server) =>
        (JsonObject)server.Get(KubeResourceTypes.ValidatingWebhookConfigurations, null, Validator)!["webhooks"]![0]!;

    private static int DryRuns(FakeKubeApiServer server) =>
        server.Requests.Count(r => r.Method == "POST" && r.Param("dryRun") == "All");

    private static CaPemBundle Read(FakeKubeApiServer server) => IstioCaSecret.Read(server.Get(KubeResourceTypes.Secrets, "istio-system", IstioCaSecret.Name)!, out _)!;

    private static bool AllPublished(FakeKubeApiServer server, CertificateAuthority ca, params string[] namespaces) =>
        namespaces.All(ns => server.Get(KubeResourceTypes.ConfigMaps, ns, RootCertPublisher.ConfigMapName)?["data"]?[RootCertPublisher.Key]?.GetValue<string>() == ca.TrustBundle.Pem);

    /// <summary>One control plane replica's cluster work, running until disposed.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly KubeClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private bool _disposed;

        public Replica(FakeKubeApiServer server, CertificateAuthority ca, string name, int seed, SelfSignedRootRotator? rotator = null, TimeProvider? time = null)
        {
            Ca = ca;
            _client = new KubeClient(server.ClientConfig(), FastClient);
            Singletons = new ClusterSingletons(
                _client,
                ca,
                new LeaderWorkOptions { Namespace = "istio-system", ValidatingWebhookConfiguration = Validator, Period = TimeSpan.FromMilliseconds(300), RetryDelay = TimeSpan.FromMilliseconds(100) },
                new LeaderElectionOptions
                {
                    Namespace = "istio-system",
                    LeaseName = "istiod-net-leader",
                    Identity = name,
                    LeaseDuration = TimeSpan.FromSeconds(3),
                    RenewDeadline = TimeSpan.FromSeconds(2),
                    RetryPeriod = TimeSpan.FromMilliseconds(300),
                    Random = new Random(seed),
                },
                FastInformer(seed),
                rotator: rotator,
                time: time);
            _run = Singletons.RunAsync(_stop.Token);
        }

        public CertificateAuthority Ca { get; }

        public ClusterSingletons Singletons { get; }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _stop.CancelAsync();
            await _run.WaitAsync(Wait);
            _client.Dispose();
            _stop.Dispose();
        }
    }
}
