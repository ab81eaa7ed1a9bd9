using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using static Istiod.Net.Tests.Kube.KubeTestObjects;

namespace Istiod.Net.Tests.Kube;

/// <summary>
/// Kubeconfig users with an exec credential plugin (as EKS, GKE and AKS write them): the plugin is a shell script
/// the test writes, printing an ExecCredential; the fake API server accepts only the token it prints.
/// </summary>
public sealed class KubeExecCredentialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the plugins are sh scripts");
        _dir = Directory.CreateTempSubdirectory("kube-exec-").FullName;
    }

    [TearDown]
    public void RemoveFolder()
    {
        if (_dir.Length > 0)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public async Task Token_printed_by_the_exec_plugin_authenticates_against_the_api_server()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.RequiredToken = "exec-token-1";
        File.WriteAllText(Path.Combine(_dir, "token"), "exec-token-1");
        var path = WriteKubeconfig(server, Plugin(expires: null));

        using var client = new KubeClient(KubeClusterConfig.FromKubeconfig(path));
        server.Create(Widgets, Widget("ns", "a"));
        var list = await client.ListAllAsync(Widgets).WaitAsync(Wait);

        Assert.That(list.Items.Select(KubeObjects.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(server.Requests[^1].Authorization, Is.EqualTo("Bearer exec-token-1"));
    }

    [Test]
    public async Task An_expired_exec_credential_is_fetched_again_before_the_next_request()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.RequiredToken = "exec-token-1";
        File.WriteAllText(Path.Combine(_dir, "token"), "exec-token-1");
        var path = WriteKubeconfig(server, Plugin(expires: "2000-01-01T00:00:00Z"));
        using var client = new KubeClient(KubeClusterConfig.FromKubeconfig(path));
        await client.ListAsync(Widgets).WaitAsync(Wait);

        // The cloud rotates the credential; the plugin now prints the new one and the server wants only it.
        File.WriteAllText(Path.Combine(_dir, "token"), "exec-token-2");
        server.RequiredToken = "exec-token-2";
        await client.ListAsync(Widgets).WaitAsync(Wait);

        Assert.That(server.Requests[^1].Authorization, Is.EqualTo("Bearer exec-token-2"));
    }

    [Test]
    public async Task A_failing_exec_plugin_is_a_clear_error_naming_the_kubeconfig()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var script = Path.Combine(_dir, "broken.sh");
        File.WriteAllText(script, "#!/bin/sh\necho 'no cloud login' >&2\nexit 3\n");
        MakeExecutable(script);
        var path = WriteKubeconfig(server, script);

        var error = Assert.Throws<KubeConfigException>(() => KubeClusterConfig.FromKubeconfig(path));
        Assert.That(error!.Message, Does.StartWith($"kubeconfig {path}:").And.Contain("exec").And.Not.Contain("\n"), "one line, no stack trace");
    }

    [Test]
    public async Task An_exec_plugin_failing_for_a_while_does_not_stop_the_informer()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.RequiredToken = "exec-token-1";
        File.WriteAllText(Path.Combine(_dir, "token"), "exec-token-1");
        var path = WriteKubeconfig(server, Plugin(expires: "2000-01-01T00:00:00Z"));
        using var client = new KubeClient(
            KubeClusterConfig.FromKubeconfig(path),
            new KubeClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), WatchGrace = TimeSpan.FromSeconds(2) });
        var informer = new KubeInformer(client, Widgets, new KubeInformerOptions
        {
            WatchTimeout = TimeSpan.FromSeconds(30),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            Random = new Random(7),
        });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(Wait);

        // The cloud login lapses: the plugin fails, and the informer's reconnect cannot get credentials.
        await KubeTestWait.UntilAsync(() => server.OpenWatches > 0, "the informer's watch to be open");
        File.WriteAllText(Path.Combine(_dir, "token"), "fail");
        server.DropWatches();
        await KubeTestWait.UntilAsync(() => File.Exists(Path.Combine(_dir, "failed")), "the plugin to fail at least once");
        Assert.That(run.IsCompleted, Is.False, run.Exception?.ToString());

        // Login again: the informer recovers on its own and sees what changed meanwhile.
        File.WriteAllText(Path.Combine(_dir, "token"), "exec-token-1");
        server.Create(Widgets, Widget("ns", "after-login"));
        await KubeTestWait.UntilAsync(() => informer.Get(new KubeObjectKey("ns", "after-login")) is not null || run.IsCompleted, "the informer to see the new object");
        Assert.That(informer.Get(new KubeObjectKey("ns", "after-login")), Is.Not.Null, run.Exception?.ToString());

        await cts.CancelAsync();
        await run.WaitAsync(Wait);
    }

    /// <summary>A plugin printing the token file's content as an ExecCredential, optionally with an expiry.</summary>
    private string Plugin(string? expires)
    {
        var script = Path.Combine(_dir, "plugin.sh");
        var expiry = expires is null ? "" : $",\"expirationTimestamp\":\"{expires}\"";
        var json = "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"" + expiry + "}}";
        // "fail" in the token file makes the plugin fail as a lapsed cloud login does, leaving a marker.
        File.WriteAllText(script,
            "#!/bin/sh\ntoken=$(cat '" + Path.Combine(_dir, "token") + "')\n"
            + "if [ \"$token\" = fail ]; then touch '" + Path.Combine(_dir, "failed") + "'; echo 'login expired' >&2; exit 1; fi\n"
            + "printf '" + json + "' \"$token\"\n");
        MakeExecutable(script);
        return script;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string WriteKubeconfig(FakeKubeApiServer server, string command)
    {
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: cloud
            clusters:
            - name: cloud
              cluster:
                server: "{server.BaseAddress}"
            contexts:
            - name: cloud
              context: {"{"}cluster: cloud, user: cloud-user{"}"}
            users:
            - name: cloud-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: "{command}"
                  interactiveMode: Never
            """);
        return path;
    }
}
