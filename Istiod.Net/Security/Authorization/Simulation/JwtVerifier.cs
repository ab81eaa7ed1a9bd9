using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Security.Authorization.Simulation;

/// <summary>
/// Verifies a compact JWS against a JWKS as Envoy's jwt_authn does: signature (RS*, PS*, ES*) by a key
/// of the set (by kid when the token names one), then issuer, audiences and the exp / nbf window.
/// </summary>
public static class JwtVerifier
{
    /// <summary>The payload when the token is good, else null and why.</summary>
    public static JsonObject? Verify(string token, string jwks, string? issuer, IReadOnlyCollection<string> audiences, long nowUnixSeconds, out string? problem)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            problem = "not a compact JWS";
            return null;
        }

        JsonObject header;
        JsonObject payload;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(Base64UrlDecode(parts[0])) as JsonObject ?? throw new FormatException("header");
            payload = JsonNode.Parse(Base64UrlDecode(parts[1])) as JsonObject ?? throw new FormatException("payload");
            signature = Base64UrlDecode(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            problem = "malformed token";
            return null;
        }

        var alg = header["alg"]?.GetValue<string>() ?? "";
        var kid = header["kid"]?.GetValue<string>();
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!KeysOf(jwks).Where(k => kid is null || k["kid"]?.GetValue<string>() == kid).Any(k => SignatureOk(k, alg, signed, signature)))
        {
            problem = "signature does not verify with any key of the issuer";
            return null;
        }

        if (!string.IsNullOrEmpty(issuer) && payload["iss"]?.GetValue<string>() != issuer)
        {
            problem = "issuer mismatch";
            return null;
        }

        if (audiences.Count > 0 && !AudiencesOf(payload).Any(audiences.Contains))
        {
            problem = "audience not allowed";
            return null;
        }

        if (payload["exp"] is JsonValue exp && exp.TryGetValue<long>(out var expires) && expires <= nowUnixSeconds)
        {
            problem = "token expired";
            return null;
        }

        if (payload["nbf"] is JsonValue nbf && nbf.TryGetValue<long>(out var notBefore) && notBefore > nowUnixSeconds)
        {
            problem = "token not yet valid";
            return null;
        }

        problem = null;
        return payload;
    }

    /// <summary>
    /// The URL-safe alphabet only, padding optional, as Envoy's decoder takes it: a token spelled with
    /// '+' or '/' is malformed (FormatException), not quietly read as standard base64.
    /// </summary>
    public static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static IEnumerable<string> AudiencesOf(JsonObject payload) => payload["aud"] switch
    {
        JsonArray list => list.Select(a => a?.GetValue<string>() ?? ""),
        JsonValue single when single.TryGetValue<string>(out var one) => [one],
        _ => [],
    };

    private static IEnumerable<JsonObject> KeysOf(string jwks)
    {
        try
        {
            return (JsonNode.Parse(jwks)?["keys"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static bool SignatureOk(JsonObject key, string alg, byte[] data, byte[] signature)
    {
        var hash = alg[^3..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default)
        {
            return false;
        }

        try
        {
            switch (key["kty"]?.GetValue<string>())
            {
                case "RSA" when alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal):
                    using (var rsa = RSA.Create(new RSAParameters
                    {
                        Modulus = Base64UrlDecode(key["n"]!.GetValue<string>()),
                        Exponent = Base64UrlDecode(key["e"]!.GetValue<string>()),
                    }))
                    {
                        var padding = alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                        return rsa.VerifyData(data, signature, hash, padding);
                    }

                case "EC" when alg.StartsWith("ES", StringComparison.Ordinal):
                    var curve = key["crv"]?.GetValue<string>() switch
                    {
                        "P-256" => ECCurve.NamedCurves.nistP256,
                        "P-384" => ECCurve.NamedCurves.nistP384,
                        "P-521" => ECCurve.NamedCurves.nistP521,
                        _ => throw new CryptographicException("unknown curve"),
                    };
                    using (var ec = ECDsa.Create(new ECParameters
                    {
                        Curve = curve,
                        Q = new ECPoint { X = Base64UrlDecode(key["x"]!.GetValue<string>()), Y = Base64UrlDecode(key["y"]!.GetValue<string>()) },
                    }))
                    {
                        return ec.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }

                default:
                    return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidOperationException or NullReferenceException)
        {
            return false;
        }
    }
}
