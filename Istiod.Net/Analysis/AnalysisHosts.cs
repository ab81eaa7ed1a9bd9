namespace Istiod.Net.Analysis;

/// <summary>Host name matching as Istio does it: exact, or a "*." wildcard covering its suffix; short names live in the object's namespace.</summary>
public static class AnalysisHosts
{
    /// <summary>Expands a short name ("reviews") to "reviews.NS.svc.cluster.local"; names with a dot or a wildcard stay as they are.</summary>
    public static string Qualify(string host, string ns) =>
        host.Contains('.', StringComparison.Ordinal) || host.StartsWith('*') ? host : $"{host}.{ns}.svc.cluster.local";

    /// <summary>True when a destination host is served by a declared host (which may be a wildcard).</summary>
    public static bool Covers(string declared, string host) =>
        declared == "*"
        || string.Equals(declared, host, StringComparison.OrdinalIgnoreCase)
        || (declared.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(declared[1..], StringComparison.OrdinalIgnoreCase));

    public static bool LooksLikeKubernetesService(string host) => host.EndsWith(".svc.cluster.local", StringComparison.OrdinalIgnoreCase);
}
