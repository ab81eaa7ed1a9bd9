using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>An Istio directResponse as Envoy's: a status and an inline body (text or base64 bytes).</summary>
public static class DirectResponseTranslator
{
    public static DirectResponseAction Translate(HttpDirectResponse response)
    {
        var action = new DirectResponseAction { Status = response.Status ?? 200 };
        if (response.Body?.String is { } text)
        {
            action.Body = new DataSource { InlineString = text };
        }
        else if (response.Body?.Bytes is { } base64)
        {
            // Validation accepted only valid base64; a body that still fails to decode is sent as text.
            action.Body = TryDecode(base64) is { } bytes
                ? new DataSource { InlineBytes = ByteString.CopyFrom(bytes) }
                : new DataSource { InlineString = base64 };
        }

        return action;
    }

    private static byte[]? TryDecode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
