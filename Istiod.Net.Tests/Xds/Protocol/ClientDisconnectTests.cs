using System.Net;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Tests.Config.Sources.File;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// A proxy that goes away mid-stream (reset stream, aborted connection) is routine: the stream ends quietly,
/// logged as a disconnect without a stack trace, and nothing is rethrown for the transport to log as an error.
/// </summary>
public sealed class ClientDisconnectTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task AResetStreamIsADisconnectNotAnError(bool afterTheFirstRequest)
    {
        var logger = new RecordingLogger<AdsService>();
        using var metrics = new IstiodMetrics();
        var provider = new TestXdsProvider();
        using var service = new AdsService(provider, new XdsConnectionRegistry(), metrics, logger);
        var requests = Channel.CreateUnbounded<DiscoveryRequest>();
        if (afterTheFirstRequest)
        {
            requests.Writer.TryWrite(new DiscoveryRequest { Node = new Node { Id = SotwTestClient.DefaultNode }, TypeUrl = XdsTypeUrls.Cluster });
        }

        requests.Writer.Complete(new IOException("The client reset the request stream."));
        var context = new GrpcCallContext
        {
            Method = AdsService.StreamMethod,
            RequestHeaders = new Dictionary<string, string>(),
            CancellationToken = CancellationToken.None,
            ConnectionId = "reset-1",
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
            LocalPort = 15010,
        };

        await service.StreamAggregatedResourcesAsync(requests.Reader.ReadAllAsync(), new CapturingStreamWriter<DiscoveryResponse>(), context)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(logger.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty);
            Assert.That(logger.Entries.Where(e => e.Exception is not null), Is.Empty, "no stack trace for a disconnect");
            var disconnect = logger.Entries.Single(e => e.Id.Id == 9200);
            Assert.That(disconnect.Message, Does.Contain(afterTheFirstRequest ? SotwTestClient.DefaultNode : "reset-1").And.Contain("client disconnected"));
        });
    }
}
