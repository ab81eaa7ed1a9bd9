using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

/// <summary>Kubeconfig files read by the KubernetesClient library, with our file-naming errors on top.</summary>
public sealed class KubeClusterConfigTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Current_context_or_the_named_one_selects_cluster_user_and_namespace()
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
                server: http://prod.example:8080
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

        var dev = KubeClusterConfig.FromKubeconfig(path);
        Assert.Multiple(() =>
        {
            Assert.That(dev.Server, Is.EqualTo(new Uri("https://10.0.0.1:6443")));
            Assert.That(dev.Library.SkipTlsVerify, Is.True);
            Assert.That(dev.Library.AccessToken, Is.EqualTo("dev-token"));
            Assert.That(dev.Namespace, Is.EqualTo("team-a"));
            Assert.That(dev.Source, Does.Contain(path).And.Contain("context dev"));
        });

        var prod = KubeClusterConfig.FromKubeconfig(path, context: "prod");
        Assert.Multiple(() =>
        {
            Assert.That(prod.Server.Host, Is.EqualTo("prod.example"));
            Assert.That(prod.Library.AccessToken, Is.EqualTo("prod-token"));
            Assert.That(prod.Namespace, Is.EqualTo("default"));
        });
    }

    [Test]
    public void Missing_file_unknown_context_and_broken_yaml_name_the_file()
    {
        var missing = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.FromKubeconfig(Path.Combine(_dir, "nope")));
        Assert.That(missing!.Message, Does.Contain("nope").And.Contain("does not exist"));

        var good = Write("good", """
            current-context: a
            clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
            contexts: [{name: a, context: {cluster: c, user: u}}]
            users: [{name: u, user: {token: t}}]
            """);
        var unknown = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.FromKubeconfig(good, context: "elsewhere"));
        Assert.That(unknown!.Message, Does.StartWith($"kubeconfig {good}:").And.Contain("elsewhere"));

        var broken = Write("broken", "clusters: [\n  - {name: x\n");
        var yaml = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.FromKubeconfig(broken));
        Assert.That(yaml!.Message, Does.StartWith($"kubeconfig {broken}: line "));
    }

    [Test]
    public void Https_without_a_certificate_authority_is_refused_when_loading_with_the_file_named()
    {
        var path = Write("config", """
            current-context: a
            clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
            contexts: [{name: a, context: {cluster: c, user: u}}]
            users: [{name: u, user: {token: t}}]
            """);
        var error = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.FromKubeconfig(path));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("certificate-authority"));
    }

    [Test]
    public void In_cluster_outside_a_pod_says_so()
    {
        Assume.That(KubeClusterConfig.IsInCluster, Is.False, "this test runs outside a pod");
        var error = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.InCluster());
        Assert.That(error!.Message, Does.Contain("running in a pod"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
