using System.Text.Json.Nodes;
using Istiod.Net.Kube;
using Istiod.Net.Tests.Infrastructure.FakeKube;
using static Istiod.Net.Tests.Kube.KubeTestObjects;

namespace Istiod.Net.Tests.Kube;

public sealed class KubeClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task List_pages_with_limit_and_continue_form_one_snapshot()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        for (var i = 0; i < 25; i++)
        {
            server.Create(Widgets, Widget("ns1", $"w{i:00}", i));
        }

        using var client = new KubeClient(server.ClientConfig());
        var first = await client.ListAsync(Widgets, new KubeListOptions { Limit = 10 }).WaitAsync(Wait);
        Assert.That(first.Items, Has.Count.EqualTo(10));
        Assert.That(first.Continue, Is.Not.Null);

        // A change between pages must not show up in the pages of a list that began before it.
        server.Create(Widgets, Widget("ns1", "w99-late"));
        server.Delete(Widgets, "ns1", "w24");
        var rest = new List<JsonObject>();
        var page = first;
        while (page.Continue is not null)
        {
            page = await client.ListAsync(Widgets, new KubeListOptions { Limit = 10, Continue = page.Continue }).WaitAsync(Wait);
            rest.AddRange(page.Items);
        }

        var names = first.Items.Concat(rest).Select(o => KubeObjects.Name(o)).ToArray();
        Assert.That(names, Is.EqualTo(Enumerable.Range(0, 25).Select(i => $"w{i:00}")));
        Assert.That(first.Items[0]["kind"]?.GetValue<string>(), Is.EqualTo("Widget"));

        var all = await client.ListAllAsync(Widgets, new KubeListOptions { Limit = 7, Namespace = "ns1" }).WaitAsync(Wait);
        Assert.That(all.Items, Has.Count.EqualTo(25));
        Assert.That(all.ResourceVersion, Is.EqualTo(server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var pages = server.Requests.Where(r => r.Method == "GET" && r.Param("limit") == "7").ToArray();
        Assert.That(pages, Has.Length.EqualTo(4));
        Assert.That(pages.Skip(1).All(r => r.Param("continue") is not null), Is.True);
        Assert.That(pages[0].Path, Is.EqualTo("/apis/example.istiod.net/v1/namespaces/ns1/widgets"));
    }

    [Test]
    public async Task An_expired_continue_token_is_Gone()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            server.Create(Widgets, Widget("ns", $"w{i}"));
        }

        using var client = new KubeClient(server.ClientConfig());
        var first = await client.ListAsync(Widgets, new KubeListOptions { Limit = 2 }).WaitAsync(Wait);
        server.Store.Compact();

        var error = Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(Widgets, new KubeListOptions { Limit = 2, Continue = first.Continue }).WaitAsync(Wait));
        Assert.Multiple(() =>
        {
            Assert.That(error!.IsGone, Is.True);
            Assert.That(error.Reason, Is.EqualTo("Expired"));
            Assert.That(error.Message, Does.Contain("continue parameter is too old"));
        });
    }

    [Test]
    public async Task Watch_streams_changes_after_a_version_and_bookmarks()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(Widgets, Widget("ns", "before"));
        using var client = new KubeClient(server.ClientConfig());
        var start = (await client.ListAllAsync(Widgets).WaitAsync(Wait)).ResourceVersion;

        using var cts = new CancellationTokenSource(Wait);
        var events = new List<KubeWatchEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in client.WatchAsync(Widgets, new KubeWatchOptions { ResourceVersion = start, Timeout = TimeSpan.FromSeconds(20) }, cts.Token))
            {
                lock (events)
                {
                    events.Add(e);
                }

                if (e.Type == KubeWatchEventType.Bookmark)
                {
                    return;
                }
            }
        });

        await KubeTestWait.UntilAsync(() => server.OpenWatches == 1, "the watch to open");
        server.Create(Widgets, Widget("ns", "a", 1));
        server.Patch(Widgets, "ns", "a", new JsonObject { ["spec"] = new JsonObject { ["value"] = 2 } });
        server.Delete(Widgets, "ns", "a");
        server.Create(Gadgets, Gadget("unrelated"));
        server.Store.Bookmark();
        await reading.WaitAsync(Wait);

        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[]
        {
            KubeWatchEventType.Added, KubeWatchEventType.Modified, KubeWatchEventType.Deleted, KubeWatchEventType.Bookmark,
        }));
        Assert.That(Value(events[1].Object), Is.EqualTo(2));
        Assert.That(events[3].ResourceVersion, Is.EqualTo(server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var watch = server.Requests.Single(r => r.IsWatch);
        Assert.Multiple(() =>
        {
            Assert.That(watch.Param("resourceVersion"), Is.EqualTo(start));
            Assert.That(watch.Param("allowWatchBookmarks"), Is.EqualTo("true"));
            Assert.That(watch.Param("timeoutSeconds"), Is.EqualTo("20"));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Watching_a_compacted_version_is_Gone(bool asHttpStatus)
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.GoneAsHttpStatus = asHttpStatus;
        server.Create(Widgets, Widget("ns", "a"));
        server.Create(Widgets, Widget("ns", "b"));
        server.Store.Compact();
        using var client = new KubeClient(server.ClientConfig());

        var error = Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var unused in client.WatchAsync(Widgets, new KubeWatchOptions { ResourceVersion = "1" }).WithCancellation(new CancellationTokenSource(Wait).Token))
            {
                Assert.Fail($"no event expected, got {unused.Type}");
            }
        });
        Assert.Multiple(() =>
        {
            Assert.That(error!.IsGone, Is.True);
            Assert.That(error.StatusCode, Is.EqualTo(410));
            Assert.That(error.Message, Does.Contain("too old resource version"));
        });
    }

    [Test]
    public async Task A_dropped_watch_surfaces_as_an_error_not_a_clean_end()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = new KubeClient(server.ClientConfig());
        using var cts = new CancellationTokenSource(Wait);
        var reading = Task.Run(async () =>
        {
            await foreach (var unused in client.WatchAsync(Widgets, new KubeWatchOptions { ResourceVersion = "1" }, cts.Token))
            {
            }
        });

        await KubeTestWait.UntilAsync(() => server.OpenWatches == 1, "the watch to open");
        server.DropWatches();
        var error = Assert.CatchAsync(() => reading.WaitAsync(Wait));
        Assert.That(error, Is.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public async Task Writes_create_replace_patch_apply_delete()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = new KubeClient(server.ClientConfig());

        var created = await client.CreateAsync(Widgets, Widget("ns", "w", 1)).WaitAsync(Wait);
        Assert.That(KubeObjects.Uid(created), Is.Not.Null);

        var duplicate = Assert.ThrowsAsync<KubeApiException>(() => client.CreateAsync(Widgets, Widget("ns", "w")).WaitAsync(Wait));
        Assert.Multiple(() =>
        {
            Assert.That(duplicate!.IsAlreadyExists, Is.True);
            Assert.That(duplicate.ApiMessage, Does.Contain("\"w\" already exists"));
            Assert.That(duplicate.Operation, Is.EqualTo("POST /apis/example.istiod.net/v1/namespaces/ns/widgets"));
        });

        var patched = await client.MergePatchAsync(Widgets, "ns", "w", new JsonObject { ["spec"] = new JsonObject { ["value"] = 5, ["extra"] = "x" } }).WaitAsync(Wait);
        Assert.That(Value(patched), Is.EqualTo(5));

        // Replacing with the version read before the patch loses the race.
        var stale = (JsonObject)created.DeepClone();
        var conflict = Assert.ThrowsAsync<KubeApiException>(() => client.ReplaceAsync(Widgets, stale).WaitAsync(Wait));
        Assert.That(conflict!.IsConflict, Is.True);
        var fresh = (JsonObject)patched.DeepClone();
        fresh["spec"]!["value"] = 6;
        Assert.That(Value(await client.ReplaceAsync(Widgets, fresh).WaitAsync(Wait)), Is.EqualTo(6));

        var applied = await client.ApplyAsync(Widgets, Widget("ns", "applied", 7), "istiod-net").WaitAsync(Wait);
        Assert.That(Value(applied), Is.EqualTo(7));
        var apply = server.Requests.Last(r => r.Method == "PATCH");
        Assert.Multiple(() =>
        {
            Assert.That(apply.ContentType, Does.StartWith("application/apply-patch+yaml"));
            Assert.That(apply.Param("fieldManager"), Is.EqualTo("istiod-net"));
            Assert.That(apply.Param("force"), Is.EqualTo("true"));
        });

        Assert.That(await client.DeleteAsync(Widgets, "ns", "w").WaitAsync(Wait), Is.True);
        Assert.That(await client.DeleteAsync(Widgets, "ns", "w").WaitAsync(Wait), Is.False);
        Assert.That(await client.GetAsync(Widgets, "ns", "w").WaitAsync(Wait), Is.Null);
        Assert.That(server.Get(Widgets, "ns", "applied"), Is.Not.Null);
    }

    [Test]
    public async Task Cluster_scoped_paths_have_no_namespace()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = new KubeClient(server.ClientConfig());
        await client.CreateAsync(Gadgets, Gadget("g1")).WaitAsync(Wait);
        var list = await client.ListAllAsync(Gadgets).WaitAsync(Wait);
        Assert.That(list.Items.Select(KubeObjects.Name), Is.EqualTo(new[] { "g1" }));
        Assert.That(server.Requests.Select(r => r.Path).Distinct(), Is.EqualTo(new[] { "/apis/example.istiod.net/v1/gadgets" }));
    }

    [Test]
    public async Task Errors_carry_the_status_and_slow_answers_time_out()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = new KubeClient(server.ClientConfig(), new KubeClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });

        server.FailWith = _ => 503;
        var unavailable = Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(Widgets).WaitAsync(Wait));
        Assert.Multiple(() =>
        {
            Assert.That(unavailable!.StatusCode, Is.EqualTo(503));
            Assert.That(unavailable.Reason, Is.EqualTo("ServiceUnavailable"));
            Assert.That(unavailable.Message, Is.EqualTo("GET /apis/example.istiod.net/v1/widgets: 503 ServiceUnavailable: fault injected by the test"));
        });

        server.FailWith = null;
        server.ResponseDelay = TimeSpan.FromSeconds(5);
        var slow = Assert.ThrowsAsync<TimeoutException>(() => client.ListAsync(Widgets).WaitAsync(Wait));
        Assert.That(slow!.Message, Does.Contain("GET /apis/example.istiod.net/v1/widgets").And.Contain("0.5s"));

        var slowWatch = Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var unused in client.WatchAsync(Widgets, new KubeWatchOptions()).WithCancellation(new CancellationTokenSource(Wait).Token))
            {
            }
        });
        Assert.That(slowWatch!.Message, Does.StartWith("watch /apis/example.istiod.net/v1/widgets"));
    }

    [Test]
    public async Task Bearer_token_file_named_by_the_kubeconfig_is_sent()
    {
        var dir = Directory.CreateTempSubdirectory("kube-token-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "token"), "file-token\n");
            await using var server = await FakeKubeApiServer.StartAsync();
            server.RequiredToken = "file-token";
            var path = Path.Combine(dir, "config");
            File.WriteAllText(path, $"""
                current-context: fake
                clusters:
                - name: fake
                  cluster: {"{"}server: "{server.BaseAddress}"{"}"}
                contexts:
                - name: fake
                  context: {"{"}cluster: fake, user: istiod, namespace: istio-system{"}"}
                users:
                - name: istiod
                  user: {"{"}tokenFile: token{"}"}
                """);
            var config = KubeClusterConfig.FromKubeconfig(path);
            Assert.That(config.Namespace, Is.EqualTo("istio-system"));
            using var client = new KubeClient(config);
            await client.ListAsync(Widgets).WaitAsync(Wait);
            Assert.That(server.Requests[^1].Authorization, Is.EqualTo("Bearer file-token"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Tls_with_ca_data_and_a_client_certificate_from_kubeconfig(bool rsa)
    {
        using var pki = new KubeTestPki();
        using var serverCert = pki.ServerCertificate();
        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { ServerCertificate = serverCert, ClientCertificateAuthority = pki.Ca });
        var (cert, key) = pki.ClientPem("istiod", rsa);
        var dir = Directory.CreateTempSubdirectory("kube-tls-").FullName;
        try
        {
            var path = Path.Combine(dir, "config");
            File.WriteAllText(path, $"""
                current-context: fake
                clusters:
                - name: fake
                  cluster:
                    server: {server.BaseAddress}
                    certificate-authority-data: {B64(pki.CaPem)}
                contexts:
                - name: fake
                  context: {"{"}cluster: fake, user: istiod{"}"}
                users:
                - name: istiod
                  user:
                    client-certificate-data: {B64(cert)}
                    client-key-data: {B64(key)}
                """);
            using var client = new KubeClient(KubeClusterConfig.FromKubeconfig(path));
            await client.CreateAsync(Widgets, Widget("ns", "over-tls")).WaitAsync(Wait);
            var list = await client.ListAllAsync(Widgets).WaitAsync(Wait);
            Assert.That(list.Items, Has.Count.EqualTo(1));
            Assert.That(server.Requests[^1].ClientCertificateSubject, Does.Contain("CN=istiod"));

            // The library's typed calls (TokenReview here) share the same TLS and client certificate.
            var review = await client.ReviewTokenAsync("unknown-token", ["istio-ca"]).WaitAsync(Wait);
            Assert.That(review.Authenticated, Is.False);
            Assert.That(server.Requests[^1].ClientCertificateSubject, Does.Contain("CN=istiod"));

            // The same server is refused when it is not signed by the CA the kubeconfig names.
            using var otherPki = new KubeTestPki("other-ca");
            using var untrusting = new KubeClient(server.ClientConfig(ca: otherPki.Ca, clientCertificate: System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(cert, key)));
            Assert.CatchAsync<HttpRequestException>(() => untrusting.ListAsync(Widgets).WaitAsync(Wait));

            using var insecure = new KubeClient(server.ClientConfig(clientCertificate: System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(cert, key), insecureSkipTlsVerify: true));
            Assert.That((await insecure.ListAsync(Widgets).WaitAsync(Wait)).Items, Has.Count.EqualTo(1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Tls_server_certificate_must_name_the_host_even_when_signed_by_the_kubeconfig_ca()
    {
        using var pki = new KubeTestPki();
        using var serverCert = pki.ServerCertificate();
        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeApiServerOptions { ServerCertificate = serverCert });
        var trusted = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(pki.Ca);

        // The certificate names 127.0.0.1 and kubernetes.default.svc, not localhost.
        var byOtherName = new UriBuilder(server.BaseAddress) { Host = "localhost" }.Uri;
        using var misnamed = new KubeClient(KubeClusterConfig.ForServer(byOtherName, ca: trusted));
        Assert.CatchAsync<HttpRequestException>(() => misnamed.ListAsync(Widgets).WaitAsync(Wait));

        using var named = new KubeClient(KubeClusterConfig.ForServer(server.BaseAddress, ca: trusted));
        Assert.That((await named.ListAsync(Widgets).WaitAsync(Wait)).Items, Is.Empty);

        // tls-server-name says which name to expect instead of the URL's host.
        var renamed = KubeClusterConfig.ForServer(byOtherName, ca: trusted);
        renamed.Library.TlsServerName = "kubernetes.default.svc";
        using var viaServerName = new KubeClient(renamed);
        Assert.That((await viaServerName.ListAsync(Widgets).WaitAsync(Wait)).Items, Is.Empty);

        var wrongName = KubeClusterConfig.ForServer(server.BaseAddress, ca: trusted);
        wrongName.Library.TlsServerName = "other.example";
        using var viaWrongName = new KubeClient(wrongName);
        Assert.CatchAsync<HttpRequestException>(() => viaWrongName.ListAsync(Widgets).WaitAsync(Wait));
    }

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
