using System.Net;
using System.Net.Sockets;

namespace Istiod.Net.Tests.EndToEnd.Envoy;

/// <summary>
/// Real traffic through real stock Envoys (ENVOY_BIN) that took their bootstraps from <c>istiod-net bootstrap</c>
/// and all their config from the real istiod-net: an ingress gateway, a client sidecar without iptables, and a
/// server sidecar that takes only mutual TLS (PeerAuthentication STRICT) with certificates over SDS from our CA.
/// Without ENVOY_BIN every test reports itself skipped; <see cref="EnvoyWorldConfigTests"/> checks the same world's
/// config without Envoy.
/// </summary>
[NonParallelizable]
public sealed class EnvoyTrafficTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private EnvoyWorld? _world;
    private readonly List<EnvoyProcess> _envoys = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (EnvoyProcess.Binary is null)
        {
            Assert.Ignore("ENVOY_BIN not set");
        }

        _world = await EnvoyWorld.StartAsync();
        foreach (var proxy in new[] { _world.Gateway, _world.Client, _world.Server })
        {
            _envoys.Add(await EnvoyProcess.StartAsync(_world, proxy, Converge));
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        foreach (var envoy in _envoys)
        {
            await envoy.DisposeAsync();
        }

        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private EnvoyWorld World => _world!;

    [Test]
    public async Task Gateway_sends_v2_paths_to_web_v2_and_the_rest_to_web_v1()
    {
        Assert.That(await GetAsync(World.Ports.Gateway, "web.example.com", "/v2/hello"), Is.EqualTo("web-v2 /v2/hello"));
        Assert.That(await GetAsync(World.Ports.Gateway, "web.example.com", "/hello"), Is.EqualTo("web-v1 /hello"));
    }

    [Test]
    public async Task Client_sidecar_routes_its_egress_listener_by_the_virtual_service()
    {
        Assert.That(await GetAsync(World.Ports.Web, EnvoyWorldConfig.WebHost, "/v2/x"), Is.EqualTo("web-v2 /v2/x"));
        Assert.That(await GetAsync(World.Ports.Web, EnvoyWorldConfig.WebHost, "/x"), Is.EqualTo("web-v1 /x"));
    }

    [Test]
    public async Task Two_sidecars_talk_mutual_tls_under_strict()
    {
        Assert.That(await GetAsync(World.Ports.Server, EnvoyWorldConfig.ServerHost, "/hi"), Is.EqualTo("server-app /hi"));
    }

    [Test]
    public async Task Strict_server_sidecar_refuses_plaintext()
    {
        await GetAsync(World.Ports.Server, EnvoyWorldConfig.ServerHost, "/warm");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{EnvoyWorldConfig.ServerIp}:{World.Ports.Server}/hi");
        request.Headers.Host = EnvoyWorldConfig.ServerHost;
        Assert.That(async () => await _http.SendAsync(request), Throws.InstanceOf<HttpRequestException>(),
            "no filter chain takes plaintext: Envoy closes the connection");
    }

    [Test]
    public async Task The_gateways_health_port_answers_readiness_from_the_admin_and_nothing_else()
    {
        // Envoy's admin /ready says LIVE once the first clusters and listeners from istiod-net are in.
        Assert.That(await GetAsync(World.Ports.GatewayHealth, "localhost", "/healthz/ready"), Does.Contain("LIVE"));

        using var other = await _http.GetAsync(new Uri($"http://127.0.0.1:{World.Ports.GatewayHealth}/stats"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the admin's other endpoints stay on localhost:admin");
    }

    [Test]
    public async Task Config_dump_of_the_gateway_and_a_sidecar_shows_what_we_pushed()
    {
        var gateway = await _envoys[0].AdminAsync("config_dump");
        var client = await _envoys[1].AdminAsync("config_dump");

        Assert.That(gateway, Does.Contain($"outbound|{World.Ports.Web}|v2|{EnvoyWorldConfig.WebHost}"));
        Assert.That(client, Does.Contain($"outbound|{World.Ports.Server}||{EnvoyWorldConfig.ServerHost}"));
    }

    /// <summary>GETs through a proxy port on 127.0.0.1 until it answers 200 (config is eventually consistent), returning the body.</summary>
    private async Task<string> GetAsync(int port, string host, string path)
    {
        var deadline = DateTime.UtcNow + Converge;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
            request.Headers.Host = host;
            try
            {
                using var response = await _http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body;
                }

                last = $"{(int)response.StatusCode} {body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{host}{path} via 127.0.0.1:{port} never answered 200 within {Converge.TotalSeconds:0} s (last: {last}); " +
            string.Join("\n", _envoys.Select(e => e.Describe())));
        return "";
    }
}
