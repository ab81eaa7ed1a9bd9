using System.Net;
using System.Text.Json;
using Envoy.Config.Listener.V3;
using Listener = Envoy.Config.Listener.V3.Listener;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Diagnostics;
using Istiod.Net.Tests.Xds.Protocol;
using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>The xDS debug endpoints served by Kestrel on a real socket, over streams of a live ADS service.</summary>
public sealed class XdsDebugEndpointsTests
{
    private AdsTestHost _host = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new AdsTestHost();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(_host.Registry);
        _app = builder.Build();
        _app.MapXdsDebugEndpoints();
        await _app.StartAsync().DefaultTimeout();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TaskTimeouts.Default };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
        _host.Dispose();
    }

    [Test]
    public async Task Syncz_shows_each_stream_with_its_subscriptions_acks_and_nacks()
    {
        _host.Provider.Set(XdsTypeUrls.Cluster, TestResources.Cluster("a"));
        _host.Provider.Set(XdsTypeUrls.Endpoint, TestResources.Endpoint("a", "10.0.0.1"));
        await using var client = _host.Sotw();
        client.Subscribe(XdsTypeUrls.Cluster);
        client.Subscribe(XdsTypeUrls.Endpoint, "a");
        var cds = await client.NextAsync();
        var eds = await client.NextAsync();
        client.Ack(cds);
        client.Nack(eds, "", "endpoint a: no port", "a");
        await Eventually.True(
            () => _host.Registry.Snapshot().Single().Types[XdsTypeUrls.Endpoint].Nack is not null && _host.Registry.Snapshot().Single().Types[XdsTypeUrls.Cluster].AckedVersion is not null,
            "the ACK and NACK");

        using var document = JsonDocument.Parse(await _http.GetStringAsync("/debug/syncz").DefaultTimeout());
        var stream = document.RootElement.EnumerateArray().Single();
        Assert.That(stream.GetProperty("proxyId").GetString(), Is.EqualTo(SotwTestClient.DefaultNode));
        Assert.That(stream.GetProperty("connectionId").GetString(), Does.StartWith(SotwTestClient.DefaultNode + "-"));
        Assert.That(stream.GetProperty("protocol").GetString(), Is.EqualTo("sotw"));
        Assert.That(stream.GetProperty("peer").GetString(), Is.EqualTo("127.0.0.1:40000"));
        Assert.That(stream.GetProperty("connectedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UnixEpoch));

        var clusters = stream.GetProperty("types").GetProperty(XdsTypeUrls.Cluster);
        Assert.That(clusters.GetProperty("subscribed").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "*" }));
        Assert.That(clusters.GetProperty("ackedVersion").GetString(), Is.EqualTo("v1"));
        Assert.That(clusters.GetProperty("sentNonce").GetString(), Is.EqualTo(cds.Nonce));
        Assert.That(clusters.GetProperty("resourceCount").GetInt32(), Is.EqualTo(1));
        Assert.That(clusters.GetProperty("nack").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var endpoints = stream.GetProperty("types").GetProperty(XdsTypeUrls.Endpoint);
        Assert.That(endpoints.GetProperty("subscribed").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "a" }));
        Assert.That(endpoints.GetProperty("ackedVersion").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(endpoints.GetProperty("nack").GetProperty("error").GetString(), Is.EqualTo("endpoint a: no port"));
        Assert.That(endpoints.GetProperty("nack").GetProperty("nonce").GetString(), Is.EqualTo(eds.Nonce));
    }

    [Test]
    public async Task Config_dump_renders_the_last_sent_resources_with_packed_filters_expanded()
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = "inbound_8080",
            Rds = new Rds { RouteConfigName = "8080" },
            HttpFilters = { new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        var listener = new Listener
        {
            Name = "0.0.0.0_8080",
            FilterChains = { new FilterChain { Filters = { new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) } } } },
        };
        _host.Provider.Set(XdsTypeUrls.Listener, new XdsResource(listener.Name, Any.Pack(listener), "abc"));
        await using var client = _host.Sotw();
        client.Subscribe(XdsTypeUrls.Listener);
        await client.NextAsync();

        var response = await _http.GetAsync($"/debug/config_dump?proxyID={Uri.EscapeDataString(SotwTestClient.DefaultNode)}").DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var config = document.RootElement.GetProperty("configs").EnumerateArray().Single();
        Assert.That(config.GetProperty("typeUrl").GetString(), Is.EqualTo(XdsTypeUrls.Listener));
        Assert.That(config.GetProperty("versionInfo").GetString(), Is.EqualTo("v1"));
        var resource = config.GetProperty("resources").EnumerateArray().Single();
        Assert.That(resource.GetProperty("version").GetString(), Is.EqualTo("abc"));
        var rendered = resource.GetProperty("resource");
        Assert.That(rendered.GetProperty("@type").GetString(), Is.EqualTo(XdsTypeUrls.Listener));
        var typedConfig = rendered.GetProperty("filterChains")[0].GetProperty("filters")[0].GetProperty("typedConfig");
        Assert.That(typedConfig.GetProperty("statPrefix").GetString(), Is.EqualTo("inbound_8080"));
        Assert.That(typedConfig.GetProperty("rds").GetProperty("routeConfigName").GetString(), Is.EqualTo("8080"));
        Assert.That(
            typedConfig.GetProperty("httpFilters")[0].GetProperty("typedConfig").GetProperty("@type").GetString(),
            Is.EqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"));
    }

    [Test]
    public async Task Config_dump_renders_extension_types_beyond_the_common_ones_and_marks_unknown_ones()
    {
        var listener = new Listener
        {
            Name = "virtualInbound",
            ListenerFilters =
            {
                new ListenerFilter
                {
                    Name = "envoy.filters.listener.tls_inspector",
                    TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Listener.TlsInspector.V3.TlsInspector()),
                },
            },
            AccessLog =
            {
                new Envoy.Config.Accesslog.V3.AccessLog
                {
                    Name = "envoy.access_loggers.file",
                    TypedConfig = Any.Pack(new Envoy.Extensions.AccessLoggers.File.V3.FileAccessLog { Path = "/dev/stdout" }),
                },
            },
        };
        _host.Provider.Set(XdsTypeUrls.Listener, new XdsResource(listener.Name, Any.Pack(listener), "1"));
        await using var client = _host.Sotw();
        client.Subscribe(XdsTypeUrls.Listener, "virtualInbound");
        await client.NextAsync();

        var json = await _http.GetStringAsync($"/debug/config_dump?proxyID={Uri.EscapeDataString(SotwTestClient.DefaultNode)}").DefaultTimeout();
        using var document = JsonDocument.Parse(json);
        var rendered = document.RootElement.GetProperty("configs")[0].GetProperty("resources")[0].GetProperty("resource");
        Assert.That(rendered.GetProperty("accessLog")[0].GetProperty("typedConfig").GetProperty("path").GetString(), Is.EqualTo("/dev/stdout"));
        Assert.That(
            rendered.GetProperty("listenerFilters")[0].GetProperty("typedConfig").GetProperty("@type").GetString(),
            Is.EqualTo("type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector"));
    }

    [Test]
    public void A_resource_of_a_type_not_compiled_here_renders_as_an_error_entry()
    {
        var unknown = new Any { TypeUrl = "type.googleapis.com/example.v1.NotCompiledHere", Value = Google.Protobuf.ByteString.CopyFromUtf8("x") };
        var json = XdsDebugJson.ConfigDump("p", [new XdsSentResources(XdsTypeUrls.Listener, "v1", [new XdsResource("odd", unknown, "1")])]);

        using var document = JsonDocument.Parse(json);
        var rendered = document.RootElement.GetProperty("configs")[0].GetProperty("resources")[0].GetProperty("resource");
        Assert.That(rendered.GetProperty("@type").GetString(), Is.EqualTo(unknown.TypeUrl));
        Assert.That(rendered.GetProperty("error").GetString(), Does.Contain("example.v1.NotCompiledHere"));
    }

    [Test]
    public async Task Config_dump_of_an_unknown_proxy_is_a_404_with_a_json_error()
    {
        var response = await _http.GetAsync("/debug/config_dump?proxyID=nobody").DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(document.RootElement.GetProperty("error").GetString(), Does.Contain("nobody"));
    }

    [Test]
    public async Task Config_dump_without_a_proxy_id_is_a_400()
    {
        var response = await _http.GetAsync("/debug/config_dump").DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
