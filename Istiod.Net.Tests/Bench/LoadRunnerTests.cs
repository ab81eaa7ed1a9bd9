using Istiod.Net.Load;
using Istiod.Net.Load.Mesh;
using Istiod.Net.Load.Running;

namespace Istiod.Net.Tests.Bench;

/// <summary>
/// The load tool's core against the real host over real sockets: state-of-the-world and delta clients
/// follow the references to full sync, and every one ACKs a route change written to the watched folder.
/// Asserts outcomes only, never timings.
/// </summary>
public sealed class LoadRunnerTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "istiod-net-load-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void DeleteFolder()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }

    [Test]
    public async Task Twenty_mixed_clients_reach_full_sync_and_each_ACKs_every_route_change()
    {
        var mesh = MeshGenerator.Write(_dir, new MeshShape { Services = 4, Namespaces = 2, EndpointsPerService = 2 });
        await using var server = await RunningIstiod.StartAsync(_dir);
        var settings = new LoadSettings
        {
            Target = server.XdsAddress,
            Monitoring = server.MonitoringAddress,
            Clients = 20,
            Protocol = AdsProtocol.Mixed,
            StreamsPerConnection = 8,
            RampPerSecond = 1000,
            Changes = 2,
            ChangePause = TimeSpan.FromMilliseconds(200),
            ChangeTimeout = TimeSpan.FromSeconds(60),
            SyncTimeout = TimeSpan.FromSeconds(60),
            Timeout = TimeSpan.FromSeconds(150),
        };

        var report = await new LoadRunner(settings, mesh, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(report.StoppedEarly, Is.Null);
            Assert.That(report.Errors, Is.Empty);
            Assert.That(report.Connections, Is.EqualTo(3), "20 clients at 8 streams per connection");
            Assert.That(report.Connect.Answered, Is.EqualTo(20));
            Assert.That(report.Sync.Synced, Is.EqualTo(20));
            Assert.That(report.Sync.TimeToFullSyncMs, Is.Not.Null);
            Assert.That(report.Changes.Select(c => (c.Expected, c.Acked, c.Missed)), Is.EqualTo(new[] { (20, 20, 0), (20, 20, 0) }));
            Assert.That(report.Changes.Select(c => c.Route), Is.EqualTo(mesh.Services.Take(2).Select(s => s.ListenerName)));
            Assert.That(report.Traffic.ByType.Select(t => t.Type), Is.EqualTo(new[] { "LDS", "RDS", "CDS", "EDS" }));
            Assert.That(report.Traffic.ByType.Select(t => t.Responses), Has.All.GreaterThanOrEqualTo(20));
            Assert.That(report.Traffic.Unreadable, Is.Zero);
            Assert.That(report.Traffic.UnexpectedType, Is.Zero);
            Assert.That(report.ServerAfter?.Error, Is.Null);
            Assert.That(report.ServerAfter?.ResidentMemoryBytes, Is.GreaterThan(0));
            Assert.That(report.ServerAfter?.Rejects ?? 0, Is.Zero, "the clients never NACK");
        });

        // The first change rewrote the first service's split, and the file holds the weight the clients ACKed.
        var routes = File.ReadAllText(mesh.Services[0].RoutesFile!);
        Assert.That(routes, Does.Contain($"weight: {report.Changes[0].V1Weight}\n"));
    }

    [Test]
    public void A_folder_the_tool_did_not_write_yields_its_service_entries_and_no_changes()
    {
        var mesh = GeneratedMesh.Load(Path.Combine(Infrastructure.RepositoryPaths.Samples, "grpc-echo"));

        Assert.Multiple(() =>
        {
            Assert.That(mesh.Services.Select(s => s.ListenerName), Is.EqualTo(new[] { "echo.default.svc.cluster.local:7070" }));
            Assert.That(mesh.SupportsChanges, Is.False);
            Assert.That(() => RouteWeightChange.Plan(mesh, 0), Throws.TypeOf<MeshException>());
        });
    }
}
