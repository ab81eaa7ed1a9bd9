using Istiod.Net.Security.Authentication;

namespace Istiod.Net.Tests.Security;

public sealed class FileTokenReviewerTests
{
    private static readonly string[] IstioCa = ["istio-ca"];
    private TempFolder _folder = null!;
    private FixedTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _time = new FixedTimeProvider();
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task YamlTokenYieldsItsIdentity()
    {
        var reviewer = Reviewer("""
            token-sleep:
              namespace: default
              serviceAccount: sleep
              audiences: [istio-ca]
              expiry: 2999-01-01T00:00:00Z
            token-other:
              namespace: other
              serviceAccount: httpbin
              audiences: [istio-ca, something-else]
            """);

        var sleep = await reviewer.ReviewAsync("token-sleep", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var other = await reviewer.ReviewAsync("token-other", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((sleep.Authenticated, sleep.Namespace, sleep.ServiceAccount), Is.EqualTo((true, "default", "sleep")));
        Assert.That((other.Authenticated, other.Namespace, other.ServiceAccount), Is.EqualTo((true, "other", "httpbin")));
        Assert.That(other.Audiences, Is.EqualTo(IstioCa), "only the requested audiences the token holds are reported");
    }

    [Test]
    public async Task JsonFileWorksToo()
    {
        var reviewer = Reviewer("""{"json-token": {"namespace": "ns1", "serviceAccount": "sa1", "audiences": ["istio-ca"]}}""");

        var result = await reviewer.ReviewAsync("json-token", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((result.Authenticated, result.Namespace, result.ServiceAccount), Is.EqualTo((true, "ns1", "sa1")));
    }

    [Test]
    public async Task HashedKeyMatchesTheTokenWithoutStoringIt()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("secret-token"u8));
        var reviewer = Reviewer($"sha256:{hash}:\n  namespace: default\n  serviceAccount: sleep\n  audiences: istio-ca\n");

        var result = await reviewer.ReviewAsync("secret-token", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var wrong = await reviewer.ReviewAsync("sha256:" + hash, IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Authenticated, Is.True);
        Assert.That(wrong.Authenticated, Is.False, "the hash itself is not the token");
    }

    [Test]
    public async Task ExpiredTokenIsRefused()
    {
        var expiry = _time.Now.AddMinutes(5);
        var reviewer = Reviewer($"t1:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n  expiry: {expiry:O}\n");

        var before = await reviewer.ReviewAsync("t1", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        _time.Now = expiry;
        var after = await reviewer.ReviewAsync("t1", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(before.Authenticated, Is.True);
        Assert.That(after.Authenticated, Is.False);
        Assert.That(after.Error, Does.Contain("expired"));
    }

    [Test]
    public async Task TokenWithoutTheRequestedAudienceIsRefused()
    {
        var reviewer = Reviewer("t1:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [kubernetes.default.svc]\n");

        var result = await reviewer.ReviewAsync("t1", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Authenticated, Is.False);
        Assert.That(result.Error, Does.Contain("audience"));
    }

    [Test]
    public async Task UnknownTokenIsRefused()
    {
        var reviewer = Reviewer("t1:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n");

        var result = await reviewer.ReviewAsync("t2", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Authenticated, Is.False);
    }

    [TestCase("super-secret:\n  namespace: default\n  audiences: [istio-ca]\n", "line 1", "serviceAccount")]
    [TestCase("super-secret:\n  namespace: default\n  serviceAccount: sleep\n  audience: [istio-ca]\n", "line 4", "unknown field 'audience'")]
    [TestCase("super-secret:\n  namespace: default\n  serviceAccount: sleep\n  expiry: tomorrow\n", "line 4", "not a date")]
    [TestCase("super-secret:\n  namespace: de fault\n  serviceAccount: sleep\n", "line 1", "characters")]
    [TestCase("super-secret: [1, 2]\n", "line 1", "must be a mapping")]
    [TestCase("super-secret:\n  namespace: a\n  serviceAccount: b\nsuper-secret:\n  namespace: c\n  serviceAccount: d\n", "line 4", "")]
    [TestCase("super-secret: {namespace: a\n", "line", "not valid YAML")]
    public void BadFileIsReportedWithALineAndWithoutTheToken(string contents, string where, string what)
    {
        var e = Assert.Throws<TokenFileException>(() => Reviewer(contents));

        Assert.That(e!.Message, Does.Contain("tokens.yaml").And.Contain(where).And.Contain(what));
        Assert.That(e.Message, Does.Not.Contain("super-secret"));
    }

    [Test]
    public void MissingFileIsReported()
    {
        var e = Assert.Throws<TokenFileException>(() => new FileTokenReviewer(_folder.File("absent.yaml")));
        Assert.That(e!.Message, Does.Contain("absent.yaml"));
    }

    [Test]
    public async Task ChangedFileIsReloadedAndABrokenEditKeepsTheLastGoodTokens()
    {
        var reviewer = Reviewer("t1:\n  namespace: default\n  serviceAccount: sleep\n  audiences: [istio-ca]\n");

        Write("t2:\n  namespace: default\n  serviceAccount: httpbin\n  audiences: [istio-ca]\n", DateTime.UtcNow.AddMinutes(1));
        var t2 = await reviewer.ReviewAsync("t2", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var t1 = await reviewer.ReviewAsync("t1", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That((t2.Authenticated, t2.ServiceAccount), Is.EqualTo((true, "httpbin")));
        Assert.That(t1.Authenticated, Is.False, "t1 was removed from the file");

        Write("t3: [broken", DateTime.UtcNow.AddMinutes(2));
        var stillT2 = await reviewer.ReviewAsync("t2", IstioCa, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(stillT2.Authenticated, Is.True);
    }

    private FileTokenReviewer Reviewer(string contents)
    {
        Write(contents, DateTime.UtcNow);
        return new FileTokenReviewer(_folder.File("tokens.yaml"), time: _time);
    }

    // The write time is set explicitly so a rewrite within the file system's timestamp resolution is still seen.
    private void Write(string contents, DateTime writeTime)
    {
        File.WriteAllText(_folder.File("tokens.yaml"), contents);
        File.SetLastWriteTimeUtc(_folder.File("tokens.yaml"), writeTime);
    }
}
