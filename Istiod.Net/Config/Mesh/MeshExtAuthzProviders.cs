using System.Runtime.CompilerServices;
using System.Text.Json;
using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Mesh;

/// <summary>
/// The ext_authz providers of a mesh config (<c>extensionProviders</c> entries of kind envoyExtAuthzHttp or
/// envoyExtAuthzGrpc), read once per mesh config: a push context keeps one mesh config for its whole life, so
/// the listeners of every workload share one parse. An entry that cannot be read is left out with a reason,
/// which makes the CUSTOM policies that name it deny their matches (as Istio does for an unknown provider)
/// instead of letting them through.
/// </summary>
public static class MeshExtAuthzProviders
{
    private static readonly ConditionalWeakTable<MeshConfig, Result> Parsed = [];

    public sealed record Result(IReadOnlyList<ExtAuthzProvider> Providers, IReadOnlyList<string> Problems);

    public static Result From(MeshConfig mesh) => Parsed.GetValue(mesh, Read);

    private static Result Read(MeshConfig mesh)
    {
        var providers = new List<ExtAuthzProvider>();
        var problems = new List<string>();
        foreach (var (entry, index) in (mesh.ExtensionProviders ?? []).Select((e, i) => (e, i)))
        {
            var path = $"extensionProviders[{index}]";
            var (kind, body) = entry.EnvoyExtAuthzHttp is { } http ? (ExtAuthzProviderKind.Http, http)
                : entry.EnvoyExtAuthzGrpc is { } grpc ? (ExtAuthzProviderKind.Grpc, grpc)
                : (default(ExtAuthzProviderKind?), default(JsonElement));
            if (kind is null)
            {
                continue;
            }

            try
            {
                providers.Add(Provider(entry.Name, kind.Value, body, path));
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }
        }

        return new Result(providers, problems);
    }

    private static ExtAuthzProvider Provider(string? name, ExtAuthzProviderKind kind, JsonElement body, string path)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new FormatException($"{path}.name: required");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: provider {name} must be a mapping");
        }

        var field = kind == ExtAuthzProviderKind.Http ? "envoyExtAuthzHttp" : "envoyExtAuthzGrpc";
        var at = $"{path}.{field}";
        return new ExtAuthzProvider
        {
            Name = name,
            Kind = kind,
            Service = String(body, "service", at) ?? throw new FormatException($"{at}.service: required"),
            Port = Port(body, at),
            Timeout = Duration(body, "timeout", at),
            FailOpen = Bool(body, "failOpen", at),
            StatusOnError = String(body, "statusOnError", at),
            PathPrefix = String(body, "pathPrefix", at),
            IncludeRequestHeadersInCheck = Strings(body, "includeRequestHeadersInCheck", at) ?? Strings(body, "includeHeadersInCheck", at) ?? [],
            IncludeAdditionalHeadersInCheck = Map(body, "includeAdditionalHeadersInCheck", at),
            IncludeRequestBodyInCheck = Body(body, at),
            HeadersToUpstreamOnAllow = Strings(body, "headersToUpstreamOnAllow", at) ?? [],
            HeadersToDownstreamOnDeny = Strings(body, "headersToDownstreamOnDeny", at) ?? [],
            HeadersToDownstreamOnAllow = Strings(body, "headersToDownstreamOnAllow", at) ?? [],
        };
    }

    private static string? String(JsonElement body, string name, string at) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"{at}.{name}: expected a string");

    private static bool Bool(JsonElement body, string name, string at) =>
        body.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new FormatException($"{at}.{name}: expected true or false"),
        };

    private static int Port(JsonElement body, string at)
    {
        if (!body.TryGetProperty("port", out var value) || !value.TryGetInt32(out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"{at}.port: required, between 1 and 65535");
        }

        return port;
    }

    private static TimeSpan? Duration(JsonElement body, string name, string at)
    {
        var text = String(body, name, at);
        if (text is null)
        {
            return null;
        }

        return GoDuration.TryParse(text, out var duration, out _) && duration > TimeSpan.Zero
            ? duration
            : throw new FormatException($"{at}.{name}: '{text}' is not a positive duration such as 0.5s");
    }

    private static IReadOnlyList<string>? Strings(JsonElement body, string name, string at)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : throw new FormatException($"{at}.{name}: expected a list of strings");
    }

    private static IReadOnlyDictionary<string, string> Map(JsonElement body, string name, string at)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, string>();
        }

        return value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String)
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : throw new FormatException($"{at}.{name}: expected a mapping of header names to values");
    }

    private static ExtAuthzRequestBody? Body(JsonElement body, string at)
    {
        if (!body.TryGetProperty("includeRequestBodyInCheck", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var here = at + ".includeRequestBodyInCheck";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{here}: expected a mapping");
        }

        uint max = 0;
        if (value.TryGetProperty("maxRequestBytes", out var bytes) && !bytes.TryGetUInt32(out max))
        {
            throw new FormatException($"{here}.maxRequestBytes: expected a non-negative number");
        }

        return new ExtAuthzRequestBody
        {
            MaxRequestBytes = max,
            AllowPartialMessage = Bool(value, "allowPartialMessage", here),
            PackAsBytes = Bool(value, "packAsBytes", here),
        };
    }
}
