using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Kube;

/// <summary>Settings of a process running in a pod: the service-account files and the service environment.</summary>
public static class InClusterConfig
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when the environment says this process runs in a pod.</summary>
    public static bool IsAvailable(Func<string, string?>? environment = null, string serviceAccountDirectory = DefaultServiceAccountDirectory)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))
            && File.Exists(Path.Combine(serviceAccountDirectory, "token"));
    }

    /// <summary>Reads KUBERNETES_SERVICE_HOST/PORT and the token, ca.crt and namespace files.</summary>
    public static KubeClusterConfig Load(Func<string, string?>? environment = null, string serviceAccountDirectory = DefaultServiceAccountDirectory)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException("in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (is this process running in a pod?)");
        }

        if (!int.TryParse(port, out var portNumber) || portNumber is < 1 or > 65535)
        {
            throw new KubeConfigException($"in-cluster config: KUBERNETES_SERVICE_PORT '{port}' is not a port number");
        }

        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubeConfigException($"in-cluster config: service-account token {tokenPath} does not exist (is automountServiceAccountToken off?)");
        }

        var token = KubeBearerToken.FromFile(tokenPath);
        token.Current();

        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        X509Certificate2Collection? ca = null;
        if (File.Exists(caPath))
        {
            ca = new X509Certificate2Collection();
            try
            {
                ca.ImportFromPemFile(caPath);
            }
            catch (CryptographicException e)
            {
                throw new KubeConfigException($"in-cluster config: {caPath} is not PEM certificates: {e.Message}", e);
            }

            if (ca.Count == 0)
            {
                throw new KubeConfigException($"in-cluster config: {caPath} holds no certificate");
            }
        }

        var nsPath = Path.Combine(serviceAccountDirectory, "namespace");
        var ns = File.Exists(nsPath) ? File.ReadAllText(nsPath).Trim() : "";

        // An IPv6 service address needs brackets in a URI.
        var hostPart = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
        return new KubeClusterConfig
        {
            Server = new Uri($"https://{hostPart}:{portNumber}"),
            CertificateAuthorities = ca,
            Token = token,
            Namespace = ns.Length > 0 ? ns : "default",
            Source = $"in-cluster service account {serviceAccountDirectory}",
        };
    }
}
