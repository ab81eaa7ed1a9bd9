using System.Diagnostics.CodeAnalysis;

namespace Istiod.Net.Security;

/// <summary>
/// A workload identity, <c>spiffe://&lt;trust-domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service-account&gt;</c>.
/// Built only from authenticated credentials, never from what a request asks for.
/// </summary>
public sealed record SpiffeIdentity
{
    public const string Scheme = "spiffe";

    public SpiffeIdentity(string trustDomain, string @namespace, string serviceAccount)
    {
        CheckSegment(trustDomain, nameof(trustDomain));
        CheckSegment(@namespace, nameof(@namespace));
        CheckSegment(serviceAccount, nameof(serviceAccount));
        TrustDomain = trustDomain;
        Namespace = @namespace;
        ServiceAccount = serviceAccount;
    }

    public string TrustDomain { get; }
    public string Namespace { get; }
    public string ServiceAccount { get; }

    public Uri ToUri() => new(ToString());

    public override string ToString() => $"{Scheme}://{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>Parses the Istio form only; any other SPIFFE path is not a workload identity here.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SpiffeIdentity? identity)
    {
        identity = null;
        if (value is null || !value.StartsWith(Scheme + "://", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value[(Scheme.Length + 3)..].Split('/');
        if (parts.Length != 5 || parts[1] != "ns" || parts[3] != "sa")
        {
            return false;
        }

        if (!IsValidSegment(parts[0]) || !IsValidSegment(parts[2]) || !IsValidSegment(parts[4]))
        {
            return false;
        }

        identity = new SpiffeIdentity(parts[0], parts[2], parts[4]);
        return true;
    }

    // Kubernetes names and trust domains use a narrow alphabet; anything else (spaces, '/', '%', '?', '#')
    // would let one identity's string collide with or escape into another's path.
    private static bool IsValidSegment(string value) =>
        value.Length is > 0 and <= 253 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static void CheckSegment(string value, string name)
    {
        if (!IsValidSegment(value))
        {
            throw new ArgumentException(
                $"'{value}' is not a valid {name} for a SPIFFE identity (letters, digits, '-', '.', '_'; 1 to 253 characters).",
                name);
        }
    }
}
