using System.Net;
using Istiod.Net.Config.Store;
using Istiod.Net.Diagnostics;
using Istiod.Net.Hosting;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Security.Ca;
using Istiod.Net.Security.CaApi;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Tests.Security;
using Istiod.Net.Xds.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Finding 1 of issue 13, the access half: the monitoring port's real endpoints behind the real gate and
/// authenticators, over a real socket. The machine has no non-loopback address a test may use, so the
/// caller is declared non-local through the gate's address check; everything else is what serve runs.
/// </summary>
public sealed class DebugAccessGateTests
{
    private const string Token = "ops-token-0123456789";
    private const string WorkloadToken = "sleep-token-0123456789";

    private TempFolder _folder = null!;
    private CertificateAuthority _ca = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        SecurityTestHost.WriteTokens(_folder.File("tokens.yaml"), new Dictionary<string, (string, string)>
        {
            [Token] = ("istio-system", "ops"),
            [WorkloadToken] = ("default", "sleep"),
        });
        _ca = CertificateAuthority.Create(new CertificateAuthorityOptions());
        var gate = new DebugAccessGate(
            IstioCertificateService.DefaultAuthenticators(_ca, new FileTokenReviewer(_folder.File("tokens.yaml"))),
            "istio-system",
            isLocal: _ => false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(new XdsConnectionRegistry());
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddIstiodMetricsExport();
        builder.Services.AddSingleton<IConfigStore>(new ConfigStore());
        _app = builder.Build();
        // A branch, as serve maps its monitoring port.
        _app.MapWhen(_ => true, monitoring =>
        {
            monitoring.UseDebugAccess(gate);
            monitoring.UseRouting();
            monitoring.UseEndpoints(IstiodServices.MapMonitoring);
        });
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        _ca.Dispose();
        _folder.Dispose();
    }

    [TestCase("/ready")]
    [TestCase("/metrics")]
    [TestCase("/METRICS/")]
    public async Task Ready_and_metrics_stay_open_to_a_remote_caller_without_credential(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/debug/syncz")]
    [TestCase("/debug/config_dump?proxyID=sidecar~10.0.0.1~a.default~default.svc.cluster.local")]
    [TestCase("/debug/configz")]
    [TestCase("/DEBUG/SYNCZ")]
    [TestCase("/debug/unknown")]
    public async Task Debug_endpoints_refuse_a_remote_caller_without_credential(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(body, Does.Contain("client certificate or an authorization: Bearer token"));
    }

    [TestCase("Bearer not-a-known-token")]
    [TestCase("Basic b3BzOnNlY3JldA==")]
    public async Task Debug_endpoints_refuse_a_remote_caller_with_a_bad_credential(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/syncz");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(authorization.Split(' ')[1]), "the credential is never echoed");
    }

    [Test]
    public async Task Debug_endpoints_serve_a_remote_caller_with_an_xds_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/syncz");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task Debug_endpoints_refuse_a_remote_workload_of_another_namespace_even_with_a_valid_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/configz");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + WorkloadToken);
        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("only identities of namespace istio-system"));
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("127.8.9.10", true)]
    [TestCase("::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]
    [TestCase("0.0.0.0", false)]
    [TestCase("::ffff:192.0.2.7", false)]
    [TestCase("192.0.2.7", false)]
    [TestCase("2001:db8::1", false)]
    public void Only_loopback_addresses_count_as_local(string address, bool local) =>
        Assert.That(DebugAccessGate.IsLoopback(IPAddress.Parse(address)), Is.EqualTo(local));
}
