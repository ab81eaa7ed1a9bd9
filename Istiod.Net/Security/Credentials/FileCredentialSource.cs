using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Credentials;

/// <summary>
/// Gateway credentials from a folder, laid out like the Kubernetes Secrets they stand for:
/// <c>&lt;dir&gt;/&lt;namespace&gt;/&lt;credentialName&gt;/</c> holding <c>tls.crt</c>, <c>tls.key</c> and optionally
/// <c>ca.crt</c> (a kubernetes.io/tls Secret), or <c>cert</c>, <c>key</c>, <c>cacert</c> (Istio's generic
/// Secret keys). The CA of <c>&lt;name&gt;-cacert</c> is that folder's <c>ca.crt</c>/<c>cacert</c>, or a folder named
/// <c>&lt;name&gt;-cacert</c> with one of them. Files are read on every lookup, so an edit takes effect at
/// the next generation; a certificate whose key does not match is refused, never served.
/// </summary>
public sealed class FileCredentialSource : ICredentialSource
{
    private static readonly string[] CertificateFiles = ["tls.crt", "cert"];
    private static readonly string[] KeyFiles = ["tls.key", "key"];
    private static readonly string[] CaFiles = ["ca.crt", "cacert"];

    public FileCredentialSource(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"credentials folder '{directory}' does not exist.");
        }

        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public CredentialLookup Find(string @namespace, string name)
    {
        if (!IsSafeSegment(@namespace) || !IsSafeSegment(name))
        {
            return CredentialLookup.Missing($"'{@namespace}/{name}' is not a valid namespace and credential name.");
        }

        var folder = Path.Combine(Directory, @namespace, name);
        if (!System.IO.Directory.Exists(folder))
        {
            return CredentialLookup.Missing($"no folder {folder}.");
        }

        try
        {
            var certificate = ReadFirst(folder, CertificateFiles);
            var key = ReadFirst(folder, KeyFiles);
            var ca = ReadFirst(folder, CaFiles);
            if (certificate is null != key is null)
            {
                return CredentialLookup.Missing($"{folder}: holds a certificate without a key or a key without a certificate; both tls.crt and tls.key (or cert and key) are needed.");
            }

            if (certificate is null && ca is null)
            {
                return CredentialLookup.Missing($"{folder}: holds none of tls.crt/tls.key, cert/key, ca.crt or cacert.");
            }

            if (certificate is not null && CheckPair(certificate, key!) is { } problem)
            {
                return CredentialLookup.Missing($"{folder}: {problem}");
            }

            if (ca is not null && CheckCertificates(ca) is { } caProblem)
            {
                return CredentialLookup.Missing($"{folder}: the CA file: {caProblem}");
            }

            return CredentialLookup.Found(new GatewayCredential
            {
                Namespace = @namespace,
                Name = name,
                CertificateChainPem = certificate,
                PrivateKeyPem = key,
                CaCertificatePem = ca,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CredentialLookup.Missing($"{folder}: cannot be read: {e.Message}");
        }
    }

    // Kubernetes names: lower-case letters, digits, '-' and '.'; never a path of its own.
    private static bool IsSafeSegment(string value) =>
        value.Length is > 0 and <= 253 && value[0] != '.' && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');

    private static string? ReadFirst(string folder, string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        return null;
    }

    private static string? CheckPair(string certificatePem, string keyPem)
    {
        try
        {
            using var joined = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // A key of another certificate is an ArgumentException, unparseable PEM a CryptographicException.
            return $"the certificate and key cannot be used together: {e.Message}";
        }
    }

    private static string? CheckCertificates(string pem)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            return collection.Count == 0 ? "holds no PEM certificate." : null;
        }
        catch (CryptographicException e)
        {
            return $"is not PEM certificates: {e.Message}";
        }
    }
}
