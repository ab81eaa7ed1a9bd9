using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Diagnostics;

/// <summary>The JSON documents of the xDS debug endpoints, written field by field so their shape is fixed here.</summary>
internal static class XdsDebugJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    /// <summary>/debug/syncz: one object per open stream.</summary>
    public static string Syncz(IReadOnlyList<XdsConnectionStatus> connections) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var connection in connections)
        {
            writer.WriteStartObject();
            writer.WriteString("proxyId", connection.ProxyId);
            writer.WriteString("connectionId", connection.ConnectionId);
            writer.WriteString("protocol", connection.Protocol == XdsStreamProtocol.Delta ? "delta" : "sotw");
            writer.WriteString("connectedAt", connection.ConnectedAt);
            writer.WriteString("peer", connection.Peer);
            writer.WriteStartObject("types");
            foreach (var (typeUrl, type) in connection.Types)
            {
                writer.WriteStartObject(typeUrl);
                writer.WriteStartArray("subscribed");
                foreach (var name in type.Subscribed)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
                writer.WriteString("sentVersion", type.SentVersion);
                writer.WriteString("sentNonce", type.SentNonce);
                writer.WriteString("ackedVersion", type.AckedVersion);
                writer.WriteNumber("resourceCount", type.ResourceCount);
                if (type.Nack is { } nack)
                {
                    writer.WriteStartObject("nack");
                    writer.WriteString("error", nack.Error);
                    writer.WriteString("nonce", nack.Nonce);
                    writer.WriteString("at", nack.At);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("nack");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>/debug/config_dump: what a proxy was last sent, per type, resources rendered as proto3 JSON.</summary>
    public static string ConfigDump(string proxyId, IReadOnlyList<XdsSentResources> sent) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("proxyId", proxyId);
        writer.WriteStartArray("configs");
        foreach (var type in sent)
        {
            writer.WriteStartObject();
            writer.WriteString("typeUrl", type.TypeUrl);
            writer.WriteString("versionInfo", type.Version);
            writer.WriteStartArray("resources");
            foreach (var resource in type.Resources)
            {
                writer.WriteStartObject();
                writer.WriteString("name", resource.Name);
                writer.WriteString("version", resource.Version);
                writer.WritePropertyName("resource");
                WriteResource(writer, resource);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string Error(string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    });

    private static void WriteResource(Utf8JsonWriter writer, XdsResource resource)
    {
        string json;
        try
        {
            json = XdsTypeRegistry.Format(resource.Resource);
        }
        catch (InvalidOperationException exception)
        {
            // A type outside the registry (an extension we do not compile) must not break the whole dump.
            writer.WriteStartObject();
            writer.WriteString("@type", resource.Resource.TypeUrl);
            writer.WriteString("error", exception.Message);
            writer.WriteEndObject();
            return;
        }

        // Re-written rather than pasted raw so the document's indentation stays consistent, and redacted on
        // the way: a Secret (or anything embedding one) never shows its private key here.
        var node = SecretRedaction.Redact(JsonNode.Parse(json));
        if (node is null)
        {
            writer.WriteNullValue();
            return;
        }

        node.WriteTo(writer);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
