using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Istiod.Net.Config.Model;
using Istiod.Net.Config.Parsing;
using Istiod.Net.Config.Validation;

namespace Istiod.Net.Config.Mesh;

/// <summary>
/// Reads Istio's MeshConfig YAML (the <c>mesh</c> key of the <c>istio</c> ConfigMap, or a <c>--mesh-config</c>
/// file) into <see cref="MeshConfig"/>, with the same YAML reader and shape checks as Istio configs, so errors
/// name the field (<c>outboundTrafficPolicy.mode: …</c>) and line. Istio's many fields this control plane does
/// not use are warnings: a mesh config written for Istio must load here.
/// </summary>
public static class MeshConfigReader
{
    private const string UnknownFieldPrefix = "unknown field";

    private static readonly JsonSerializerOptions Lenient = new(ConfigJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static MeshConfigReadResult Read(string text)
    {
        var source = YamlJsonReader.Read(text);
        if (source.Error is { } syntax)
        {
            return new MeshConfigReadResult(null, [new ValidationMessage("", syntax.ToString())], []);
        }

        var documents = source.Documents.Where(d => d.Root is not null).ToList();
        if (documents.Count == 0)
        {
            return new MeshConfigReadResult(MeshConfig.Default, [], []);
        }

        if (documents.Count > 1)
        {
            return new MeshConfigReadResult(null, [new ValidationMessage("", $"expected one YAML document, found {documents.Count}")], []);
        }

        var document = documents[0];
        if (document.Root is not JsonObject root)
        {
            return new MeshConfigReadResult(null, [new ValidationMessage("", "expected a mapping of mesh settings")], []);
        }

        var found = SpecShapeChecker.Check(root, typeof(MeshConfig), "", ConfigJson.Options, document.Lines)
            .Select(m => m with { Path = m.Path.TrimStart('.') })
            .ToList();
        var warnings = found.Where(m => m.Message.StartsWith(UnknownFieldPrefix, StringComparison.Ordinal))
            .Select(m => m with { Message = m.Message + " (not used by istiod-net)" })
            .ToList();
        var errors = found.Where(m => !m.Message.StartsWith(UnknownFieldPrefix, StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
        {
            return new MeshConfigReadResult(null, errors, warnings);
        }

        try
        {
            var mesh = root.Deserialize<MeshConfig>(Lenient) ?? MeshConfig.Default;
            // An ext_authz provider that cannot be translated would make every CUSTOM policy naming it deny:
            // refuse the mesh config instead, so the last good one keeps serving.
            var providerErrors = MeshExtAuthzProviders.From(mesh).Problems
                .Select(p => p.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
                    ? new ValidationMessage(p[..colon], p[(colon + 2)..])
                    : new ValidationMessage("extensionProviders", p))
                .ToList();
            return providerErrors.Count > 0
                ? new MeshConfigReadResult(null, providerErrors, warnings)
                : new MeshConfigReadResult(mesh, [], warnings);
        }
        catch (JsonException e)
        {
            return new MeshConfigReadResult(null, [new ValidationMessage(e.Path?.TrimStart('$', '.') ?? "", "invalid value")], warnings);
        }
    }

    /// <summary>Reads a file; a missing or unreadable file is an error naming it.</summary>
    public static MeshConfigReadResult ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MeshConfigReadResult(null, [new ValidationMessage("", $"{path}: {e.Message}")], []);
        }

        return Read(text);
    }
}
