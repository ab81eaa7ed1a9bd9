using System.Text;
using System.Text.Json.Nodes;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Security.Kube;

/// <summary>
/// The Secret <c>istio-ca-secret</c> (type <c>istio.io/ca-root</c>) holding the self-signed CA in the cacerts
/// layout, so that every replica signs with one root. Reading and writing its shape only.
/// </summary>
public static class IstioCaSecret
{
    public const string Name = "istio-ca-secret";
    public const string Type = "istio.io/ca-root";
    public const string CaCertKey = "ca-cert.pem";
    public const string CaKeyKey = "ca-key.pem";
    public const string CertChainKey = "cert-chain.pem";
    public const string RootCertKey = "root-cert.pem";

    public static JsonObject ToSecret(string @namespace, CaPemBundle pem) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = Name,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "istiod-net" },
        },
        ["type"] = Type,
        ["data"] = new JsonObject
        {
            [CaCertKey] = Encode(pem.CaCertPem),
            [CaKeyKey] = Encode(pem.CaKeyPem),
            [CertChainKey] = Encode(pem.CertChainPem),
            [RootCertKey] = Encode(pem.RootCertPem),
        },
    };

    /// <summary>The PEMs of the secret; null with <paramref name="problem"/> set when a required key is missing or not base64.</summary>
    public static CaPemBundle? Read(JsonObject secret, out string? problem)
    {
        problem = null;
        var data = secret["data"] as JsonObject;
        string? Get(string key, bool required)
        {
            if (data?[key] is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length == 0)
            {
                return required ? null : "";
            }

            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var cert = Get(CaCertKey, true);
        var key = Get(CaKeyKey, true);
        var chain = Get(CertChainKey, false);
        var root = Get(RootCertKey, false);
        if (cert is null || key is null || chain is null || root is null)
        {
            problem = $"{Name} lacks {CaCertKey} or {CaKeyKey}, or a key is not base64";
            return null;
        }

        // An older writer may leave root-cert.pem empty for a self-signed root: the certificate is then its own root.
        return new CaPemBundle(cert, key, chain, root.Length == 0 ? cert : root);
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
