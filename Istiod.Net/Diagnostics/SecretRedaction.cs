using System.Text;
using System.Text.Json.Nodes;

namespace Istiod.Net.Diagnostics;

/// <summary>
/// Removes private key material from a JSON document before a debug endpoint shows it, as istiod does:
/// whoever may read a debug view must still never learn a proxy's key. Fields that hold secrets are
/// replaced by name (Envoy's <c>privateKey</c>, <c>password</c>, session ticket keys, generic secrets, in
/// proto3 JSON or snake case), and, whatever the field is called, any string that is, or base64-encodes, a
/// PEM private key.
/// </summary>
public static class SecretRedaction
{
    public const string Redacted = "[redacted]";

    private const string PemPrivateKeyMarker = "PRIVATE KEY-----";

    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "privateKey", "private_key",
        "password",
        "sessionTicketKeys", "session_ticket_keys",
        "genericSecret", "generic_secret",
    };

    /// <summary>Redacts <paramref name="node"/> in place; a bare string value that holds a key cannot be changed in place, so check the result.</summary>
    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    var child = obj[name];
                    if (child is null)
                    {
                        continue;
                    }

                    if (SecretFields.Contains(name) || IsSecretString(child))
                    {
                        obj[name] = JsonValue.Create(Redacted);
                    }
                    else
                    {
                        Redact(child);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && IsSecretString(item))
                    {
                        array[i] = JsonValue.Create(Redacted);
                    }
                    else
                    {
                        Redact(array[i]);
                    }
                }

                return array;
            default:
                return node is not null && IsSecretString(node) ? JsonValue.Create(Redacted) : node;
        }
    }

    private static bool IsSecretString(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && HoldsPrivateKey(text);

    /// <summary>True for a PEM private key, in clear or base64 (proto3 JSON renders bytes fields in base64).</summary>
    public static bool HoldsPrivateKey(string text)
    {
        if (text.Contains(PemPrivateKeyMarker, StringComparison.Ordinal))
        {
            return true;
        }

        // Short strings cannot hold a key; bound the work for long ones that are not base64 at all.
        if (text.Length < 64 || text.Length % 4 != 0)
        {
            return false;
        }

        var buffer = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, buffer, out var written)
            && Encoding.UTF8.GetString(buffer, 0, written).Contains(PemPrivateKeyMarker, StringComparison.Ordinal);
    }
}
