using System.Text;
using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

public sealed class KubeconfigLoaderTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Current_context_selects_cluster_user_and_namespace()
    {
        var path = Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: https://10.0.0.1:6443
                insecure-skip-tls-verify: true
            - name: prod-cluster
              cluster:
                server: https://prod.example:443
            contexts:
            - name: dev
              context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
            - name: prod
              context: {cluster: prod-cluster, user: prod-user}
            users:
            - name: dev-user
              user: {token: dev-token}
            - name: prod-user
              user: {token: prod-token}
            """);

        var dev = KubeconfigLoader.LoadFile(path);
        Assert.Multiple(() =>
        {
            Assert.That(dev.Server, Is.EqualTo(new Uri("https://10.0.0.1:6443")));
            Assert.That(dev.InsecureSkipTlsVerify, Is.True);
            Assert.That(dev.Token?.Current(), Is.EqualTo("dev-token"));
            Assert.That(dev.Namespace, Is.EqualTo("team-a"));
            Assert.That(dev.Source, Does.Contain("context dev"));
        });

        var prod = KubeconfigLoader.LoadFile(path, context: "prod");
        Assert.Multiple(() =>
        {
            Assert.That(prod.Server.Host, Is.EqualTo("prod.example"));
            Assert.That(prod.InsecureSkipTlsVerify, Is.False);
            Assert.That(prod.Token?.Current(), Is.EqualTo("prod-token"));
            Assert.That(prod.Namespace, Is.EqualTo("default"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Client_certificate_and_ca_data_are_loaded(bool rsa)
    {
        using var pki = new KubeTestPki();
        var (cert, key) = pki.ClientPem("alice", rsa);
        var path = Write("config", $"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {B64(pki.CaPem)}
            contexts:
            - name: c
              context: {"{"}cluster: k, user: u{"}"}
            users:
            - name: u
              user:
                client-certificate-data: {B64(cert)}
                client-key-data: {B64(key)}
            """);

        var config = KubeconfigLoader.LoadFile(path);
        Assert.Multiple(() =>
        {
            Assert.That(config.CertificateAuthorities, Has.Count.EqualTo(1));
            Assert.That(config.CertificateAuthorities![0].Thumbprint, Is.EqualTo(pki.Ca.Thumbprint));
            Assert.That(config.ClientCertificate?.HasPrivateKey, Is.True);
            Assert.That(config.ClientCertificate?.Subject, Does.Contain("CN=alice"));
            Assert.That(config.Token, Is.Null);
        });
    }

    [Test]
    public void File_references_resolve_relative_to_the_kubeconfig_and_token_files_are_reread()
    {
        using var pki = new KubeTestPki();
        var (cert, key) = pki.ClientPem("bob", rsa: false);
        Write("certs/ca.crt", pki.CaPem);
        Write("certs/client.crt", cert);
        Write("certs/client.key", key);
        var tokenPath = Write("token", "first");
        var path = Write("config", """
            current-context: c
            clusters:
            - name: k
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: certs/ca.crt}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            users:
            - name: u
              user: {client-certificate: certs/client.crt, client-key: certs/client.key, tokenFile: token}
            """);

        var config = KubeconfigLoader.LoadFile(path);
        Assert.That(config.ClientCertificate?.Subject, Does.Contain("CN=bob"));
        Assert.That(config.Token?.Current(), Is.EqualTo("first"));

        File.WriteAllText(tokenPath, "second-token\n");
        Assert.That(config.Token?.Current(), Is.EqualTo("second-token"));
    }

    [Test]
    public void Several_files_merge_with_the_first_definition_winning()
    {
        var first = Write("a", """
            clusters:
            - name: k
              cluster: {server: "https://first:6443"}
            users:
            - name: u
              user: {token: from-a}
            """);
        var second = Write("b", """
            current-context: c
            clusters:
            - name: k
              cluster: {server: "https://second:6443"}
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);

        var config = KubeconfigLoader.LoadFiles([first, second]);
        Assert.Multiple(() =>
        {
            Assert.That(config.Server.Host, Is.EqualTo("first"));
            Assert.That(config.Token?.Current(), Is.EqualTo("from-a"));
        });
    }

    [TestCase("clusters:\n- name: k\n  cluster: {}\ncontexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n", "clusters[0].cluster.server: required")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'ftp://x'}\ncontexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n", "clusters[0].cluster.server: 'ftp://x' is not an http(s) URL")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x', certificate-authority-data: '%%%'}\ncontexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n", "clusters[0].cluster.certificate-authority-data: not valid base64")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: k, user: nobody}\ncurrent-context: c\n", "contexts[0].context.user: user 'nobody' is not defined")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: k}\n", "current-context is not set")]
    [TestCase("current-context: other\ncontexts:\n- name: c\n  context: {cluster: k}\n", "context 'other' is not defined (contexts: c)")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {exec: {command: aws}}\n", "users[0].user.exec: exec credential plugins are not supported")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {client-certificate-data: 'aGVsbG8='}\n", "users[0].user.client-certificate-data: set without client-key")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x'}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user: {tokenFile: missing-token}\n", "users[0].user.tokenFile: file")]
    [TestCase("clusters: [1, 2]\n", "clusters[0]: must be a mapping")]
    [TestCase("clusters:\n  k: v\n", "clusters: must be a list")]
    [TestCase("clusters:\n- name: k\n  cluster: {server: 'https://x', insecure-skip-tls-verify: maybe}\ncontexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n", "insecure-skip-tls-verify: 'maybe' is not true or false")]
    public void A_wrong_kubeconfig_names_the_file_and_field(string yaml, string expected)
    {
        var path = Write("config", yaml);
        var error = Assert.Throws<KubeConfigException>(() => KubeconfigLoader.LoadFile(path));
        Assert.That(error!.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void A_key_that_does_not_match_is_reported_on_the_pair()
    {
        using var pki = new KubeTestPki();
        var (cert, _) = pki.ClientPem("a", rsa: true);
        var (_, otherKey) = pki.ClientPem("b", rsa: true);
        var path = Write("config", $"""
            current-context: c
            clusters:
            - name: k
              cluster: {"{"}server: "https://x"{"}"}
            contexts:
            - name: c
              context: {"{"}cluster: k, user: u{"}"}
            users:
            - name: u
              user: {"{"}client-certificate-data: {B64(cert)}, client-key-data: {B64(otherKey)}{"}"}
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigLoader.LoadFile(path));
        Assert.That(error!.Message, Does.Contain("users[0].user.client-certificate-data/client-key-data"));
    }

    [Test]
    public void Broken_yaml_reports_the_line()
    {
        var path = Write("config", "clusters:\n- name: [unclosed\n");
        var error = Assert.Throws<KubeConfigException>(() => KubeconfigLoader.LoadFile(path));
        Assert.That(error!.Message, Does.StartWith($"kubeconfig {path}: line ").And.Contain("did not find expected"));
    }

    [Test]
    public void Missing_file_is_named()
    {
        var path = Path.Combine(_dir, "nope");
        var error = Assert.Throws<KubeConfigException>(() => KubeconfigLoader.LoadFile(path));
        Assert.That(error!.Message, Is.EqualTo($"kubeconfig {path}: file does not exist"));
    }

    [Test]
    public void Default_paths_follow_KUBECONFIG_then_home()
    {
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = $"/a{Path.PathSeparator}/b", ["HOME"] = "/home/x" };
        Assert.That(KubeconfigLoader.DefaultPaths(k => env.GetValueOrDefault(k)), Is.EqualTo(new[] { "/a", "/b" }));
        env.Remove("KUBECONFIG");
        Assert.That(KubeconfigLoader.DefaultPaths(k => env.GetValueOrDefault(k)), Is.EqualTo(new[] { "/home/x/.kube/config" }));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
