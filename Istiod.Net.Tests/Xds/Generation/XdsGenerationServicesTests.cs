using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Generation;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Istiod.Net.Tests.Infrastructure.MeshConfigs;

namespace Istiod.Net.Tests.Xds.Generation;

public sealed class XdsGenerationServicesTests
{
    [Test]
    public async Task TheRegisteredProviderServesTheStoreAndPushesItsChanges()
    {
        var store = new FakeConfigStore(StaticService("app", "echo", "echo", [7070], Endpoint("10.0.0.1")));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfigStore>(store);
        services.AddSingleton<IstiodMetrics>();
        services.AddXdsGeneration();
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        var xds = provider.GetRequiredService<IXdsResourceProvider>();
        var node = new Node { Id = "sidecar~10.1.0.1~client.app~app.svc.cluster.local", Metadata = new Struct() };
        node.Metadata.Fields["GENERATOR"] = Value.ForString("grpc");
        var proxy = xds.Connect(node, GenerationHarness.Connection());
        var listener = xds.Generate(proxy, XdsTypeUrls.Listener, new HashSet<string> { "echo.app.svc.cluster.local:7070" });
        Assert.That(listener.Resources.Single().Resource.Unpack<Listener>().Name, Is.EqualTo("echo.app.svc.cluster.local:7070"));

        var pushed = new TaskCompletionSource<XdsPush>(TaskCreationOptions.RunContinuationsAsynchronously);
        xds.Pushed += p => pushed.TrySetResult(p);
        store.Apply(StaticService("app", "echo", "echo", [7070, 7071], Endpoint("10.0.0.1")));
        var push = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(push.Affects!(proxy), Is.True, "the proxy read the changed service");
        var listeners = xds.Generate(proxy, XdsTypeUrls.Listener, null);
        Assert.That(listeners.Resources.Select(r => r.Name), Is.EquivalentTo(new[] { "echo.app.svc.cluster.local:7070", "echo.app.svc.cluster.local:7071" }));
    }
}
