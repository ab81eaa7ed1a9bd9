using System.Security.Cryptography;
using System.Text;
using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>
/// The simulator decodes token segments as Envoy does: base64url, padding optional; the standard alphabet's
/// '+' and '/' make a token malformed rather than being read as if they were '-' and '_'.
/// </summary>
public sealed class JwtVerifierEncodingTests
{
    [Test]
    public void A_good_base64url_token_verifies_and_the_same_token_in_standard_base64_is_malformed()
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(false);
        var jwks = $$"""{"keys":[{"kty":"RSA","kid":"k","n":"{{Url(key.Modulus!)}}","e":"{{Url(key.Exponent!)}}"}]}""";
        // A payload whose base64url spelling has '-' or '_' in it, so its standard spelling differs.
        var header = Url(Encoding.UTF8.GetBytes("""{"alg":"RS256","kid":"k"}"""));
        var payload = Url(Encoding.UTF8.GetBytes("""{"iss":"i","sub":"??>>??>>","exp":4102444800}"""));
        Assert.That(payload, Does.Contain("-").Or.Contain("_"));
        var signature = Url(rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var good = JwtVerifier.Verify($"{header}.{payload}.{signature}", jwks, "i", [], 1_700_000_000, out var goodProblem);
        var standard = payload.Replace('-', '+').Replace('_', '/');
        var bad = JwtVerifier.Verify($"{header}.{standard}.{signature}", jwks, "i", [], 1_700_000_000, out var badProblem);

        Assert.Multiple(() =>
        {
            Assert.That(good, Is.Not.Null, goodProblem);
            Assert.That(bad, Is.Null);
            Assert.That(badProblem, Is.EqualTo("malformed token"));
        });
    }

    private static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
