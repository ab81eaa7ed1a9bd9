using Istiod.Net.Config.Model;

namespace Istiod.Net.Analysis;

/// <summary>One cross-resource problem: a stable code, a severity, a message and every object involved (the first is the one to fix).</summary>
public sealed record AnalysisFinding(string Code, AnalysisSeverity Severity, string Message, IReadOnlyList<ConfigKey> Resources)
{
    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} [{Code}] {string.Join(", ", Resources.Select(r => $"{r.Kind}/{r.Namespace}/{r.Name}"))}: {Message}";
}
