using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Istiod.Net.Kube;

/// <summary>
/// Reads kubeconfig files the way kubectl does: several files merge with the first definition of each name
/// winning, the first non-empty current-context wins, and relative paths resolve against the file that holds
/// them. Every problem is reported with the file and the field path.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>The files KUBECONFIG lists, or ~/.kube/config.</summary>
    public static IReadOnlyList<string> DefaultPaths(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var list = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(list))
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [Path.Combine(home, ".kube", "config")];
    }

    public static KubeClusterConfig LoadDefault(string? context = null) => LoadFiles(DefaultPaths(), context);

    public static KubeClusterConfig LoadFile(string path, string? context = null) => LoadFiles([path], context);

    /// <summary>Merges the files and resolves <paramref name="context"/> (or current-context) to connection settings.</summary>
    public static KubeClusterConfig LoadFiles(IReadOnlyList<string> paths, string? context = null)
    {
        var clusters = new Dictionary<string, KubeconfigEntry>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, KubeconfigEntry>(StringComparer.Ordinal);
        var users = new Dictionary<string, KubeconfigEntry>(StringComparer.Ordinal);
        string? current = null;
        var read = new List<string>();

        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                // kubectl skips missing files in KUBECONFIG; one named explicitly must exist.
                if (paths.Count == 1)
                {
                    throw new KubeConfigException($"kubeconfig {path}: file does not exist");
                }

                continue;
            }

            read.Add(path);
            var root = ParseRoot(path);
            if (root is null)
            {
                continue;
            }

            var fileCurrent = new KubeconfigEntry(path, "", root).Scalar("current-context");
            current ??= fileCurrent;
            Collect(path, root, "clusters", "cluster", clusters);
            Collect(path, root, "contexts", "context", contexts);
            Collect(path, root, "users", "user", users);
        }

        var files = read.Count == 0 ? string.Join(", ", paths) : string.Join(", ", read);
        if (read.Count == 0)
        {
            throw new KubeConfigException($"kubeconfig {files}: no such file");
        }

        var contextName = context ?? current;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException($"kubeconfig {files}: current-context is not set and no context was given");
        }

        if (!contexts.TryGetValue(contextName, out var ctx))
        {
            var known = contexts.Count == 0 ? "none" : string.Join(", ", contexts.Keys.Order(StringComparer.Ordinal));
            throw new KubeConfigException($"kubeconfig {files}: context '{contextName}' is not defined (contexts: {known})");
        }

        var clusterName = ctx.Scalar("cluster") ?? throw new KubeConfigException($"{ctx.Where("cluster")}: required");
        if (!clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeConfigException($"{ctx.Where("cluster")}: cluster '{clusterName}' is not defined");
        }

        KubeconfigEntry? user = null;
        var userName = ctx.Scalar("user");
        if (userName is not null && !users.TryGetValue(userName, out user))
        {
            throw new KubeConfigException($"{ctx.Where("user")}: user '{userName}' is not defined");
        }

        var config = ReadCluster(cluster);
        if (user is not null)
        {
            config = ReadUser(user, config);
        }

        return config with
        {
            Namespace = ctx.Scalar("namespace") ?? "default",
            Source = $"kubeconfig {ctx.File}, context {contextName}",
        };
    }

    private static YamlMappingNode? ParseRoot(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"kubeconfig {path}: line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new KubeConfigException($"kubeconfig {path}: the document must be a mapping (apiVersion, clusters, contexts, users)");
    }

    private static void Collect(string path, YamlMappingNode root, string listName, string bodyName, Dictionary<string, KubeconfigEntry> into)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listName), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KubeConfigException($"kubeconfig {path}: {listName}: must be a list");
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"{listName}[{i}]";
            if (list.Children[i] is not YamlMappingNode item)
            {
                throw new KubeConfigException($"kubeconfig {path}: {at}: must be a mapping with name and {bodyName}");
            }

            var name = new KubeconfigEntry(path, at, item).Scalar("name")
                ?? throw new KubeConfigException($"kubeconfig {path}: {at}.name: required");
            if (!item.Children.TryGetValue(new YamlScalarNode(bodyName), out var body) || body is not YamlMappingNode bodyMap)
            {
                throw new KubeConfigException($"kubeconfig {path}: {at}.{bodyName}: required (a mapping)");
            }

            into.TryAdd(name, new KubeconfigEntry(path, $"{at}.{bodyName}", bodyMap));
        }
    }

    private static KubeClusterConfig ReadCluster(KubeconfigEntry cluster)
    {
        var server = cluster.Scalar("server") ?? throw new KubeConfigException($"{cluster.Where("server")}: required");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            throw new KubeConfigException($"{cluster.Where("server")}: '{server}' is not an http(s) URL");
        }

        X509Certificate2Collection? ca = null;
        var caPem = cluster.DataOrFile("certificate-authority");
        if (caPem is not null)
        {
            var field = cluster.DataOrFileName("certificate-authority");
            ca = new X509Certificate2Collection();
            try
            {
                ca.ImportFromPem(caPem);
            }
            catch (CryptographicException e)
            {
                throw new KubeConfigException($"{cluster.Where(field)}: not PEM certificates: {e.Message}", e);
            }

            if (ca.Count == 0)
            {
                throw new KubeConfigException($"{cluster.Where(field)}: holds no PEM certificate");
            }
        }

        return new KubeClusterConfig
        {
            Server = uri,
            CertificateAuthorities = ca,
            InsecureSkipTlsVerify = cluster.Flag("insecure-skip-tls-verify"),
            TlsServerName = cluster.Scalar("tls-server-name"),
        };
    }

    private static KubeClusterConfig ReadUser(KubeconfigEntry user, KubeClusterConfig config)
    {
        if (user.Has("exec"))
        {
            throw new KubeConfigException($"{user.Where("exec")}: exec credential plugins are not supported; use a token, tokenFile or client certificate");
        }

        if (user.Has("auth-provider"))
        {
            throw new KubeConfigException($"{user.Where("auth-provider")}: auth providers are not supported; use a token, tokenFile or client certificate");
        }

        KubeBearerToken? token = null;
        var fixedToken = user.Scalar("token");
        if (fixedToken is not null)
        {
            token = KubeBearerToken.Fixed(fixedToken);
        }
        else if (user.FilePathField("tokenFile") is { } tokenPath)
        {
            token = KubeBearerToken.FromFile(tokenPath);
            token.Current();
        }

        X509Certificate2? clientCert = null;
        var certPem = user.DataOrFile("client-certificate");
        var keyPem = user.DataOrFile("client-key");
        if (certPem is not null || keyPem is not null)
        {
            if (certPem is null)
            {
                throw new KubeConfigException($"{user.Where(user.DataOrFileName("client-key"))}: set without client-certificate or client-certificate-data");
            }

            if (keyPem is null)
            {
                throw new KubeConfigException($"{user.Where(user.DataOrFileName("client-certificate"))}: set without client-key or client-key-data");
            }

            try
            {
                clientCert = X509Certificate2.CreateFromPem(certPem, keyPem);
            }
            catch (CryptographicException e)
            {
                throw new KubeConfigException(
                    $"{user.Where(user.DataOrFileName("client-certificate"))}/{user.DataOrFileName("client-key")}: not a PEM certificate with its matching RSA or EC private key: {e.Message}", e);
            }
        }

        var username = user.Scalar("username");
        var password = user.Scalar("password");
        if ((username is null) != (password is null))
        {
            throw new KubeConfigException($"{user.Where(username is null ? "password" : "username")}: username and password go together");
        }

        return config with { Token = token, ClientCertificate = clientCert, Username = username, Password = password };
    }
}
