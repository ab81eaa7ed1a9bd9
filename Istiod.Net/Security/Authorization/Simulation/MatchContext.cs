using System.Text.Json.Nodes;

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// The request plus the dynamic metadata filters earlier in the chain wrote (jwt_authn's payload, RBAC's
/// shadow results), keyed by filter name. <see cref="IsHttp"/> is false on a TCP chain: there are no
/// headers or path to match there.
/// </summary>
public sealed class MatchContext
{
    public MatchContext(AuthzRequest request, bool isHttp)
    {
        Request = request;
        IsHttp = isHttp;
        foreach (var (filter, data) in request.FilterMetadata)
        {
            Metadata[filter] = (JsonObject)data.DeepClone();
        }

        if (request.VerifiedJwtPayload is { } payload)
        {
            SetMetadata(RbacMatchers.JwtFilter, RbacMatchers.JwtPayloadKey, payload.DeepClone());
        }
    }

    public AuthzRequest Request { get; }

    public bool IsHttp { get; }

    public Dictionary<string, JsonObject> Metadata { get; } = new(StringComparer.Ordinal);

    public void SetMetadata(string filter, string key, JsonNode? value)
    {
        if (!Metadata.TryGetValue(filter, out var data))
        {
            Metadata[filter] = data = [];
        }

        data[key] = value;
    }

    /// <summary>A header value as Envoy's header map returns it: names case-insensitive, :authority and Host the same header.</summary>
    public string? Header(string name)
    {
        if (!IsHttp)
        {
            return null;
        }

        var lower = name.ToLowerInvariant();
        switch (lower)
        {
            case ":authority" or "host":
                return Request.Host;
            case ":method":
                return Request.Method;
            case ":path":
                return Request.Path;
            case ":scheme":
                return "http";
        }

        foreach (var (key, value) in Request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
