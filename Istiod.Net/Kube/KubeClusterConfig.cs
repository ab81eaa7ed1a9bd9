using System.Security.Cryptography.X509Certificates;
using k8s;
using YamlDotNet.Core;

namespace Istiod.Net.Kube;

/// <summary>
/// How to reach one API server, as the KubernetesClient library reads it: a kubeconfig (tokens, token files,
/// client certificates, exec credential plugins, OIDC) or the pod's service account. The library owns parsing,
/// TLS and credential refresh; this type adds where the settings came from, for messages, and turns the library's
/// errors into a <see cref="KubeConfigException"/> that names the file.
/// </summary>
public sealed class KubeClusterConfig
{
    public KubeClusterConfig(KubernetesClientConfiguration library, string source)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
        Source = source;
        Server = ParseServer(library.Host, source);
    }

    /// <summary>The library's settings; <see cref="KubeClient"/> builds its HTTP pipeline from them.</summary>
    public KubernetesClientConfiguration Library { get; }

    public Uri Server { get; }

    /// <summary>The namespace of the context or of the service account; "default" when neither says.</summary>
    public string Namespace => string.IsNullOrEmpty(Library.Namespace) ? "default" : Library.Namespace;

    /// <summary>Where these settings came from ("kubeconfig /root/.kube/config", "in-cluster service account").</summary>
    public string Source { get; }

    /// <summary>True when the environment says this process runs in a pod.</summary>
    public static bool IsInCluster => KubernetesClientConfiguration.IsInCluster();

    /// <summary>Settings for a server given directly (tests, tools): plain HTTP, or HTTPS trusting <paramref name="ca"/>.</summary>
    public static KubeClusterConfig ForServer(
        Uri server,
        string? token = null,
        X509Certificate2Collection? ca = null,
        X509Certificate2? clientCertificate = null,
        bool insecureSkipTlsVerify = false,
        string source = "explicit")
    {
        var library = new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            AccessToken = token,
            SslCaCerts = ca,
            SkipTlsVerify = insecureSkipTlsVerify,
        };
        if (clientCertificate is not null)
        {
            // The library takes client certificates as base64 PEM, as kubeconfig carries them.
            library.ClientCertificateData = Base64(clientCertificate.ExportCertificatePem());
            library.ClientCertificateKeyData = Base64(PrivateKeyPem(clientCertificate));
        }

        return new KubeClusterConfig(library, source);
    }

    /// <summary>Reads a kubeconfig file with <paramref name="context"/> or its current-context.</summary>
    public static KubeClusterConfig FromKubeconfig(string path, string? context = null)
    {
        var where = $"kubeconfig {path}";
        if (!File.Exists(path))
        {
            throw new KubeConfigException($"{where}: file does not exist");
        }

        var library = Read(where, () => Build(path, context));
        var config = new KubeClusterConfig(library, $"{where}, context {library.CurrentContext ?? context}");
        config.RequireTrust();
        return config;
    }

    /// <summary>The pod's service account (token, ca.crt and namespace files) and KUBERNETES_SERVICE_HOST/PORT.</summary>
    public static KubeClusterConfig InCluster()
    {
        const string where = "in-cluster config";
        if (!IsInCluster)
        {
            throw new KubeConfigException($"{where}: KUBERNETES_SERVICE_HOST/PORT and the service-account token must be present (is this process running in a pod?)");
        }

        return new KubeClusterConfig(Read(where, KubernetesClientConfiguration.InClusterConfig), "in-cluster service account");
    }

    private static KubernetesClientConfiguration Build(string path, string? context)
    {
        var file = KubernetesClientConfiguration.LoadKubeConfig(path);
        var contextName = context ?? file.CurrentContext;
        var userName = file.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        var user = file.Users?.FirstOrDefault(u => u.Name == userName)?.UserCredentials;
        var tokenFile = user is { Token: null or "", ClientCertificateData: null, ClientCertificate: null, ExternalExecution: null, AuthProvider: null, UserName: null }
            ? KubeconfigTokenFile.Find(path, userName!)
            : null;
        if (tokenFile is null)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(file, context);
        }

        if (!File.Exists(tokenFile))
        {
            throw new KubeConfigException($"kubeconfig {path}: user {userName}: tokenFile {tokenFile} does not exist");
        }

        // The library accepts a user only with credentials it knows; stand a token in, then read the file per
        // request with its TokenFileAuth (re-read every minute, as for a projected service-account token).
        user!.Token = "token-file";
        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file, context);
        config.AccessToken = null;
        config.TokenProvider = new k8s.Authentication.TokenFileAuth(tokenFile);
        return config;
    }

    private static KubernetesClientConfiguration Read(string where, Func<KubernetesClientConfiguration> read)
    {
        try
        {
            return read();
        }
        catch (KubeConfigException)
        {
            throw;
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or k8s.Exceptions.KubernetesClientException or YamlException or SystemException)
        {
            // The library's messages are good ("external exec failed due to ..."); prefix the file, drop the trace.
            var at = Yaml(e) is { } yaml ? $"line {yaml.Start.Line}, column {yaml.Start.Column}: " : "";
            throw new KubeConfigException($"{where}: {at}{KubeConfigException.Describe(e)}", e);
        }
    }

    /// <summary>The library refuses HTTPS without a CA unless verification is off; say so when loading, with the file.</summary>
    private void RequireTrust()
    {
        if (Server.Scheme == Uri.UriSchemeHttps && !Library.SkipTlsVerify && Library.SslCaCerts is not { Count: > 0 })
        {
            throw new KubeConfigException($"{Source}: the cluster has no certificate-authority or certificate-authority-data (or set insecure-skip-tls-verify)");
        }
    }

    private static Uri ParseServer(string? host, string source)
    {
        if (string.IsNullOrWhiteSpace(host)
            || !Uri.TryCreate(host, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubeConfigException($"{source}: server '{host}' is not an http(s) URL");
        }

        return uri;
    }

    private static YamlException? Yaml(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is YamlException yaml)
            {
                return yaml;
            }
        }

        return null;
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? throw new ArgumentException("the client certificate has no RSA or EC private key", nameof(certificate));
}
