using System.Text;
using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Diagnostics;

namespace Istiod.Net.Tests.Diagnostics;

/// <summary>Finding 1 of issue 13, the redaction itself: keys go wherever they are nested and however they are named.</summary>
public sealed class SecretRedactionTests
{
    private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    [Test]
    public void A_key_inlined_in_a_listeners_tls_context_is_redacted_and_the_certificate_kept()
    {
        var tls = new DownstreamTlsContext { CommonTlsContext = new CommonTlsContext() };
        tls.CommonTlsContext.TlsCertificates.Add(new TlsCertificate
        {
            CertificateChain = new DataSource { InlineString = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" },
            PrivateKey = new DataSource { InlineBytes = ByteString.CopyFromUtf8(KeyPem) },
        });
        var listener = new Listener { Name = "in" };
        listener.FilterChains.Add(new FilterChain { TransportSocket = new TransportSocket { Name = "tls", TypedConfig = Any.Pack(tls) } });

        var json = SecretRedaction.Redact(JsonNode.Parse(XdsTypeRegistry.Format(Any.Pack(listener))))!.ToJsonString();

        Assert.That(json, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyPem))));
        Assert.That(json, Does.Contain("[redacted]"));
        Assert.That(json, Does.Contain("BEGIN CERTIFICATE"));
    }

    [Test]
    public void A_pem_key_under_any_name_in_clear_or_base64_is_redacted_and_other_text_kept()
    {
        var node = new JsonObject
        {
            ["note"] = KeyPem,
            ["blob"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyPem)),
            ["list"] = new JsonArray(KeyPem, "plain"),
            ["password"] = "hunter2",
            ["name"] = "kubernetes://gw-cred",
        };

        var redacted = SecretRedaction.Redact(node)!.AsObject();

        Assert.That(redacted["note"]!.GetValue<string>(), Is.EqualTo(SecretRedaction.Redacted));
        Assert.That(redacted["blob"]!.GetValue<string>(), Is.EqualTo(SecretRedaction.Redacted));
        Assert.That(redacted["list"]![0]!.GetValue<string>(), Is.EqualTo(SecretRedaction.Redacted));
        Assert.That(redacted["list"]![1]!.GetValue<string>(), Is.EqualTo("plain"));
        Assert.That(redacted["password"]!.GetValue<string>(), Is.EqualTo(SecretRedaction.Redacted));
        Assert.That(redacted["name"]!.GetValue<string>(), Is.EqualTo("kubernetes://gw-cred"));
    }
}
