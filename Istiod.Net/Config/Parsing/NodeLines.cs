using System.Text.Json.Nodes;

namespace Istiod.Net.Config.Parsing;

/// <summary>
/// Where each JSON node came from in the source text, so an error deep in a spec can name its line.
/// Keyed by node identity: two equal scalars on different lines are different nodes.
/// </summary>
internal sealed class NodeLines
{
    public static readonly NodeLines None = new();

    private readonly Dictionary<JsonNode, int> _lines = new(ReferenceEqualityComparer.Instance);

    public void Add(JsonNode node, int line) => _lines.TryAdd(node, line);

    /// <summary>The 1-based line of a node, or of its nearest ancestor that has one.</summary>
    public int? LineOf(JsonNode? node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }
        }

        return null;
    }
}
