using Istiod.Net.Kube;

namespace Istiod.Net.Tests.Kube;

public sealed class InClusterConfigTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("serviceaccount-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Reads_the_service_account_files_and_environment()
    {
        using var pki = new KubeTestPki();
        File.WriteAllText(Path.Combine(_dir, "token"), "sa-token");
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), pki.CaPem);
        File.WriteAllText(Path.Combine(_dir, "namespace"), "istio-system\n");
        var env = Env("10.96.0.1", "443");

        Assert.That(InClusterConfig.IsAvailable(env, _dir), Is.True);
        var config = InClusterConfig.Load(env, _dir);
        Assert.Multiple(() =>
        {
            Assert.That(config.Server, Is.EqualTo(new Uri("https://10.96.0.1:443")));
            Assert.That(config.Token?.Current(), Is.EqualTo("sa-token"));
            Assert.That(config.Namespace, Is.EqualTo("istio-system"));
            Assert.That(config.CertificateAuthorities![0].Thumbprint, Is.EqualTo(pki.Ca.Thumbprint));
        });
    }

    [Test]
    public void A_rotated_token_is_picked_up_through_the_symlink_swap()
    {
        // The kubelet's atomic writer: token -> ..data/token, ..data -> a timestamped folder swapped on rotation.
        var first = Directory.CreateDirectory(Path.Combine(_dir, "..v1")).FullName;
        File.WriteAllText(Path.Combine(first, "token"), "token-one");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), first);
        File.CreateSymbolicLink(Path.Combine(_dir, "token"), Path.Combine("..data", "token"));

        var config = InClusterConfig.Load(Env("10.96.0.1", "443"), _dir);
        Assert.That(config.Token?.Current(), Is.EqualTo("token-one"));

        var second = Directory.CreateDirectory(Path.Combine(_dir, "..v2")).FullName;
        File.WriteAllText(Path.Combine(second, "token"), "token-two-rotated");
        File.Delete(Path.Combine(_dir, "..data"));
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), second);

        Assert.That(config.Token?.Current(), Is.EqualTo("token-two-rotated"));
    }

    [Test]
    public void Ipv6_service_host_is_bracketed()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "t");
        var config = InClusterConfig.Load(Env("fd00::1", "6443"), _dir);
        Assert.Multiple(() =>
        {
            Assert.That(config.Server.Host, Is.EqualTo("[fd00::1]"));
            Assert.That(config.Server.Port, Is.EqualTo(6443));
            Assert.That(config.Namespace, Is.EqualTo("default"));
        });
    }

    [Test]
    public void Outside_a_pod_the_error_says_what_is_missing()
    {
        Assert.That(InClusterConfig.IsAvailable(_ => null, _dir), Is.False);
        var error = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(_ => null, _dir));
        Assert.That(error!.Message, Does.Contain("KUBERNETES_SERVICE_HOST"));

        var noToken = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(Env("10.0.0.1", "443"), _dir));
        Assert.That(noToken!.Message, Does.Contain(Path.Combine(_dir, "token")).And.Contain("does not exist"));

        File.WriteAllText(Path.Combine(_dir, "token"), "t");
        var badPort = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(Env("10.0.0.1", "https"), _dir));
        Assert.That(badPort!.Message, Does.Contain("KUBERNETES_SERVICE_PORT 'https'"));
    }

    private static Func<string, string?> Env(string host, string port) =>
        name => name switch
        {
            "KUBERNETES_SERVICE_HOST" => host,
            "KUBERNETES_SERVICE_PORT" => port,
            _ => null,
        };
}
