using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Istiod.Net.Security.Authentication;

/// <summary>
/// Parses a token file (YAML, or JSON which is YAML too): a mapping from token to
/// <c>{namespace, serviceAccount, audiences, expiry}</c>. A key written <c>sha256:&lt;hex&gt;</c> is the
/// SHA-256 of the token, so the file need not hold the token itself. Errors name the line, never the token.
/// </summary>
internal static class TokenFileParser
{
    public const string HashPrefix = "sha256:";

    private static readonly string[] Fields = ["namespace", "serviceAccount", "audiences", "expiry"];

    /// <summary>Entries keyed by the lower-case hex SHA-256 of their token.</summary>
    public static Dictionary<string, TokenFileEntry> Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet's message may quote the text around the error, which could be a token: keep the position only.
            throw new TokenFileException($"{path}: line {e.Start.Line}, column {e.Start.Column}: not valid YAML or JSON.", e);
        }

        var entries = new Dictionary<string, TokenFileEntry>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            return entries;
        }

        if (stream.Documents.Count > 1)
        {
            throw new TokenFileException($"{path}: holds {stream.Documents.Count} documents; a token file is one mapping.");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new TokenFileException($"{path}: line {stream.Documents[0].RootNode.Start.Line}: the top level must be a mapping from token to identity.");
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var line = keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } token })
            {
                throw new TokenFileException($"{path}: line {line}: a token must be a non-empty string.");
            }

            var hash = token.StartsWith(HashPrefix, StringComparison.Ordinal) ? ParseHash(token[HashPrefix.Length..], path, line) : Hash(token);
            var entry = ParseEntry(valueNode, path, line);
            if (!entries.TryAdd(hash, entry))
            {
                throw new TokenFileException($"{path}: line {line}: the same token appears twice.");
            }
        }

        return entries;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string ParseHash(string hex, string path, long line)
    {
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new TokenFileException($"{path}: line {line}: a '{HashPrefix}' key must be followed by 64 hex digits.");
        }

        return hex.ToLowerInvariant();
    }

    private static TokenFileEntry ParseEntry(YamlNode node, string path, long line)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new TokenFileException($"{path}: line {line}: the token's value must be a mapping with namespace, serviceAccount, audiences and expiry.");
        }

        string? ns = null, serviceAccount = null;
        List<string>? audiences = null;
        DateTimeOffset? expiry = null;
        foreach (var (fieldNode, value) in mapping.Children)
        {
            var field = (fieldNode as YamlScalarNode)?.Value;
            var at = $"{path}: line {fieldNode.Start.Line}";
            switch (field)
            {
                case "namespace":
                    ns = Scalar(value, at, field);
                    break;
                case "serviceAccount":
                    serviceAccount = Scalar(value, at, field);
                    break;
                case "audiences":
                    audiences = value switch
                    {
                        YamlSequenceNode sequence => sequence.Children.Select(c => Scalar(c, at, "audiences[]")).ToList(),
                        YamlScalarNode => [Scalar(value, at, field)],
                        _ => throw new TokenFileException($"{at}: 'audiences' must be a list of strings."),
                    };
                    break;
                case "expiry":
                    var text = Scalar(value, at, field);
                    if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        throw new TokenFileException($"{at}: 'expiry' value '{text}' is not a date and time (use ISO 8601, e.g. 2030-01-31T00:00:00Z).");
                    }

                    expiry = parsed;
                    break;
                default:
                    throw new TokenFileException($"{at}: unknown field '{field}'; expected one of {string.Join(", ", Fields)}.");
            }
        }

        if (ns is null || serviceAccount is null)
        {
            throw new TokenFileException($"{path}: line {line}: the token's identity needs both 'namespace' and 'serviceAccount'.");
        }

        if (!SpiffeIdentity.TryParse($"spiffe://td/ns/{ns}/sa/{serviceAccount}", out _))
        {
            throw new TokenFileException($"{path}: line {line}: namespace '{ns}' or serviceAccount '{serviceAccount}' contains characters an identity cannot hold.");
        }

        return new TokenFileEntry { Namespace = ns, ServiceAccount = serviceAccount, Audiences = audiences ?? [], Expiry = expiry };
    }

    private static string Scalar(YamlNode node, string at, string field) =>
        node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw new TokenFileException($"{at}: '{field}' must be a non-empty string.");
}
