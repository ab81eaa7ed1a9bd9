using Envoy.Extensions.TransportSockets.Tls.V3;
using System.Text;
using System.Text.Json;
using Istiod.Net.Tests.Infrastructure;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Hosting;

/// <summary>
/// Finding 1 of issue 13: a proxy that holds an SDS key over a real TLS stream, then every debug view of the
/// monitoring port read as an attacker on loopback would. No view may carry the key, in PEM or in base64.
/// </summary>
public sealed class DebugEndpointRedactionTests
{
    private const string NodeId = "sidecar~10.1.1.1~sleep-1.default~default.svc.cluster.local";
    private const string Token = "sleep-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Config_dump_syncz_and_configz_never_show_a_connected_proxys_private_key()
    {
        await using var host = await SecurityTestHost.StartAsync(new Dictionary<string, (string, string)> { [Token] = ("default", "sleep") });
        await using var envoy = await StockEnvoyStreams.OpenAsync(
            host.SecureAddress, NodeId, new Dictionary<string, string> { ["NAMESPACE"] = "default" }, host.TlsOptions(), SecurityTestHost.Bearer(Token));
        var secret = (await envoy.NextAsync(XdsTypeUrls.Secret, Timeout)).Decoded<Secret>()["default"];
        var keyPem = secret.TlsCertificate.PrivateKey.InlineBytes.ToStringUtf8();
        var chainPem = secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8();
        Assert.That(keyPem, Does.Contain("PRIVATE KEY"), "the proxy holds a key, so there is something to leak");

        using var http = new HttpClient { BaseAddress = new Uri(host.MonitoringAddress), Timeout = Timeout };
        var dump = await http.GetStringAsync($"/debug/config_dump?proxyID={Uri.EscapeDataString(NodeId)}");
        var views = new Dictionary<string, string>
        {
            ["config_dump"] = dump,
            ["syncz"] = await http.GetStringAsync("/debug/syncz"),
            ["configz"] = await http.GetStringAsync("/debug/configz"),
        };

        foreach (var (name, body) in views)
        {
            var strings = Strings(JsonDocument.Parse(body).RootElement).ToList();
            Assert.That(body, Does.Not.Contain("PRIVATE KEY"), name);
            Assert.That(strings, Has.None.Contains("PRIVATE KEY"), name);
            Assert.That(strings.Select(DecodedOrEmpty), Has.None.Contains("PRIVATE KEY"), $"{name}: a base64 string decodes to the key");
            Assert.That(strings, Has.None.EqualTo(Convert.ToBase64String(Encoding.UTF8.GetBytes(keyPem))), name);
        }

        // The Secret itself is in the dump, its certificate shown and only the key replaced.
        var tls = FindSecret(JsonDocument.Parse(dump).RootElement, "default").GetProperty("tlsCertificate");
        Assert.That(tls.GetProperty("privateKey").GetString(), Is.EqualTo("[redacted]"));
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(tls.GetProperty("certificateChain").GetProperty("inlineBytes").GetString()!)), Is.EqualTo(chainPem));
    }

    private static JsonElement FindSecret(JsonElement dump, string name)
    {
        foreach (var config in dump.GetProperty("configs").EnumerateArray())
        {
            if (config.GetProperty("typeUrl").GetString() != XdsTypeUrls.Secret)
            {
                continue;
            }

            foreach (var resource in config.GetProperty("resources").EnumerateArray())
            {
                if (resource.GetProperty("name").GetString() == name)
                {
                    return resource.GetProperty("resource");
                }
            }
        }

        Assert.Fail($"config_dump holds no Secret {name}");
        return default;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static string DecodedOrEmpty(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : "";
    }
}
