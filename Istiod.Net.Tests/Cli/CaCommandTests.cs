using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Cli;
using Istiod.Net.Security;
using Istiod.Net.Tests.Security;

namespace Istiod.Net.Tests.Cli;

/// <summary><c>istiod-net ca init|show|issue</c> on real folders; issued files checked by openssl.</summary>
public sealed class CaCommandTests
{
    private TempFolder _folder = null!;
    private string CaDir => _folder.File("ca");
    private string OutDir => _folder.File("out");

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void Init_creates_the_root_once_and_then_shows_the_same_one()
    {
        var (exit, output, _) = Run((o, e) => CaCommand.Init(CaDir, "cluster.local", o, e));
        var (again, secondOutput, _) = Run((o, e) => CaCommand.Init(CaDir, "cluster.local", o, e));
        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(CaDir, "ca-cert.pem")));
        var fingerprint = string.Join(':', Convert.ToHexString(root.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("Created a self-signed root"));
        Assert.That(again, Is.Zero);
        Assert.That(secondOutput, Does.Contain("already exists"));
        Assert.That(secondOutput, Does.Contain(fingerprint));
    }

    [Test]
    public void Show_without_a_root_says_how_to_create_one()
    {
        var (exit, _, error) = Run((o, e) => CaCommand.Show(CaDir, null, o, e));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("istiod-net ca init --ca-dir"));
        Assert.That(Directory.Exists(CaDir), Is.False, "show never creates a root");
    }

    [Test]
    public void Issue_by_namespace_and_service_account_writes_files_that_openssl_verifies()
    {
        Run((o, e) => CaCommand.Init(CaDir, "cluster.local", o, e));

        var (exit, output, error) = Run((o, e) => CaCommand.Issue(CaDir, null, null, "web", "httpbin", "cluster.local", OutDir, null, o, e));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("spiffe://cluster.local/ns/web/sa/httpbin"));
        var chainPem = File.ReadAllText(Path.Combine(OutDir, "cert-chain.pem"));
        var keyPem = File.ReadAllText(Path.Combine(OutDir, "key.pem"));
        var rootPem = File.ReadAllText(Path.Combine(OutDir, "root-cert.pem"));
        using var leaf = X509Certificate2.CreateFromPem(chainPem, keyPem);
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://cluster.local/ns/web/sa/httpbin" }));
        var (verify, verifyOutput) = OpenSsl.Verify(_folder.Path, rootPem, [], chainPem, purpose: "sslclient");
        Assert.That(verify, Is.Zero, verifyOutput);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(OutDir, "key.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void Issue_by_identity_honours_the_ttl()
    {
        Run((o, e) => CaCommand.Init(CaDir, "example.org", o, e));
        var before = DateTimeOffset.UtcNow;

        var (exit, _, error) = Run((o, e) => CaCommand.Issue(CaDir, null, "spiffe://example.org/ns/vm/sa/billing", null, null, "cluster.local", OutDir, "2h", o, e));

        Assert.That(exit, Is.Zero, error);
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(OutDir, "cert-chain.pem")));
        Assert.That(CertificateSans.Uris(leaf), Is.EqualTo(new[] { "spiffe://example.org/ns/vm/sa/billing" }));
        Assert.That(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), Is.InRange(before + TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + TimeSpan.FromHours(2)));
    }

    [TestCase("spiffe://cluster.local/web/httpbin", null, null, "24h", "is not of the form")]
    [TestCase("spiffe://cluster.local/ns/web/sa/httpbin", "web", null, "24h", "not both")]
    [TestCase(null, "web", null, "24h", "name the identity")]
    [TestCase(null, "web", "httpbin", "forever", "--ttl 'forever'")]
    [TestCase(null, "web", "httpbin", "10000h", "longer than the maximum")]
    [TestCase(null, "Web Space", "httpbin", "24h", "not a valid")]
    public void Issue_with_bad_arguments_fails_with_a_clear_message(string? identity, string? ns, string? sa, string ttl, string expected)
    {
        Run((o, e) => CaCommand.Init(CaDir, "cluster.local", o, e));

        var (exit, _, error) = Run((o, e) => CaCommand.Issue(CaDir, null, identity, ns, sa, "cluster.local", OutDir, ttl, o, e));

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain(expected));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(File.Exists(Path.Combine(OutDir, "key.pem")), Is.False);
    }

    [Test]
    public void Issue_needs_exactly_one_ca_source()
    {
        var (exit, _, error) = Run((o, e) => CaCommand.Issue(null, null, null, "web", "httpbin", "cluster.local", OutDir, null, o, e));

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("exactly one of --ca-dir"));
    }

    [Test]
    public void Whole_command_line_runs_through_the_cli()
    {
        var exit = CliApp.RunAsync(["ca", "init", "--ca-dir", CaDir]).Result;
        var issue = CliApp.RunAsync(["ca", "issue", "--ca-dir", CaDir, "--identity", "spiffe://cluster.local/ns/a/sa/b", "--out", OutDir]).Result;

        Assert.That(exit, Is.Zero);
        Assert.That(issue, Is.Zero);
        Assert.That(File.Exists(Path.Combine(OutDir, "root-cert.pem")), Is.True);
    }

    private static (int Exit, string Output, string Error) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = command(output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
