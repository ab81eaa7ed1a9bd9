using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Istiod.Net.Tests.Security.RequestAuthn;

/// <summary>A JWT issuer made up by a test: its own RSA or EC key, a JWKS with the public half, and signed tokens.</summary>
public sealed class TestIssuer : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestIssuer(string issuer, RSA? rsa, ECDsa? ec)
    {
        Issuer = issuer;
        _rsa = rsa;
        _ec = ec;
    }

    public string Issuer { get; }

    public string KeyId => _rsa is not null ? "rsa-1" : "ec-1";

    public static TestIssuer Rsa(string issuer) => new(issuer, RSA.Create(2048), null);

    public static TestIssuer Ec(string issuer) => new(issuer, null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public string Jwks
    {
        get
        {
            JsonObject key;
            if (_rsa is not null)
            {
                var p = _rsa.ExportParameters(false);
                key = new JsonObject { ["kty"] = "RSA", ["kid"] = KeyId, ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
            }
            else
            {
                var p = _ec!.ExportParameters(false);
                key = new JsonObject { ["kty"] = "EC", ["kid"] = KeyId, ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
            }

            return new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString();
        }
    }

    /// <summary>A token with iss, sub, aud and exp one hour ahead (unless the claims say otherwise).</summary>
    public string Token(string subject, string? audience = "api", JsonObject? extra = null, long? expires = null, string? issuer = null)
    {
        var header = new JsonObject { ["alg"] = _rsa is not null ? "RS256" : "ES256", ["typ"] = "JWT", ["kid"] = KeyId };
        var payload = new JsonObject
        {
            ["iss"] = issuer ?? Issuer,
            ["sub"] = subject,
            ["exp"] = expires ?? DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        };
        if (audience is not null)
        {
            payload["aud"] = audience;
        }

        foreach (var (k, v) in extra ?? [])
        {
            payload[k] = v?.DeepClone();
        }

        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = _rsa is not null
            ? _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ec!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + B64(signature);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
