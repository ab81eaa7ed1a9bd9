using System.Security.Cryptography;
using System.Text.Json;

namespace Istiod.Net.Security.RequestAuthn;

/// <summary>
/// A key set that verifies nothing: one RSA public key whose private half was thrown away when the
/// process made it. An issuer whose real keys are unavailable gets this instead, so its tokens fail
/// verification (the request is refused) while requests without a token still pass, as Istio does.
/// </summary>
public static class UnverifiableJwks
{
    public const string KeyId = "istiod-net-keys-unavailable";

    private static readonly Lazy<string> Value = new(Create);

    public static string Json => Value.Value;

    private static string Create()
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", kid = KeyId, alg = "RS256", use = "sig", n = Base64Url(key.Modulus!), e = Base64Url(key.Exponent!) },
            },
        });
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
