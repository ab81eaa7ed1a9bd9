using Google.Protobuf;
using Google.Protobuf.Reflection;
using Istiod.Net.Config.Parsing;
using HttpFilter = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter;
using NetworkFilter = Envoy.Config.Listener.V3.Filter;

namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// Reads an Envoy filter written as YAML (Istio's expected outputs) into the proto, via proto3 JSON with a
/// type registry that knows every type such a filter may carry in an <c>Any</c>.
/// </summary>
public static class EnvoyYamlReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default
        .WithIgnoreUnknownFields(false)
        .WithTypeRegistry(TypeRegistry.FromFiles(
            Envoy.Extensions.Filters.Http.Rbac.V3.RBAC.Descriptor.File,
            Envoy.Extensions.Filters.Network.Rbac.V3.RBAC.Descriptor.File,
            Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz.Descriptor.File,
            Envoy.Extensions.Filters.Network.ExtAuthz.V3.ExtAuthz.Descriptor.File,
            Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtAuthentication.Descriptor.File,
            Envoy.Extensions.Path.Match.UriTemplate.V3.UriTemplateMatchConfig.Descriptor.File)));

    public static HttpFilter ReadHttpFilter(string yaml) => Parser.Parse<HttpFilter>(ToJson(yaml));

    public static NetworkFilter ReadNetworkFilter(string yaml) => Parser.Parse<NetworkFilter>(ToJson(yaml));

    private static string ToJson(string yaml)
    {
        var source = YamlJsonReader.Read(yaml);
        if (source.Error is { } error)
        {
            throw new InvalidDataException($"YAML: {error}");
        }

        var root = source.Documents.FirstOrDefault(d => d.Root is not null)?.Root
            ?? throw new InvalidDataException("no YAML document");
        return root.ToJsonString();
    }
}
