using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Istiod.Net.Config.Model;
using Istiod.Net.Security;
using Istiod.Net.Security.Ca;

namespace Istiod.Net.Cli;

/// <summary>
/// <c>istiod-net ca init|show|issue</c>: create or inspect the mesh root, and issue a workload key and
/// certificate into files (cert-chain.pem, key.pem, root-cert.pem) for tests, VMs and gRPC applications.
/// </summary>
public static class CaCommand
{
    public const string ChainFile = "cert-chain.pem";
    public const string KeyFile = "key.pem";
    public const string RootFile = "root-cert.pem";

    private const string RootCertificateFile = "ca-cert.pem";
    private const string RootKeyFile = "ca-key.pem";

    public static Command Create()
    {
        var command = new Command("ca", "Create or show the mesh CA, and issue workload certificates into files");
        command.Subcommands.Add(InitCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(IssueCommand());
        return command;
    }

    /// <summary>Creates the self-signed root in <paramref name="caDir"/>, or shows the one already there.</summary>
    public static int Init(string caDir, string trustDomain, TextWriter stdout, TextWriter stderr)
    {
        var existed = File.Exists(Path.Combine(caDir, RootCertificateFile)) || File.Exists(Path.Combine(caDir, RootKeyFile));
        return WithCa(caDir, null, trustDomain, stderr, ca =>
        {
            stdout.WriteLine(existed ? $"A root already exists in {Path.GetFullPath(caDir)}; it is kept." : $"Created a self-signed root in {Path.GetFullPath(caDir)}.");
            Describe(ca, stdout);
            return 0;
        });
    }

    public static int Show(string? caDir, string? cacertsDir, TextWriter stdout, TextWriter stderr)
    {
        if (Usage(caDir, cacertsDir, stderr) is { } usage)
        {
            return usage;
        }

        if (caDir is not null && !File.Exists(Path.Combine(caDir, RootCertificateFile)))
        {
            stderr.WriteLine($"error: {Path.Combine(caDir, RootCertificateFile)} does not exist; create the root with `istiod-net ca init --ca-dir {caDir}`.");
            return 1;
        }

        return WithCa(caDir, cacertsDir, "cluster.local", stderr, ca =>
        {
            Describe(ca, stdout);
            return 0;
        });
    }

    /// <summary>Issues a key and certificate for one identity into <paramref name="outDir"/>.</summary>
    public static int Issue(
        string? caDir, string? cacertsDir, string? identityText, string? @namespace, string? serviceAccount, string trustDomain,
        string? outDir, string? ttlText, TextWriter stdout, TextWriter stderr)
    {
        if (Usage(caDir, cacertsDir, stderr) is { } usage)
        {
            return usage;
        }

        if (string.IsNullOrEmpty(outDir))
        {
            stderr.WriteLine("error: --out <dir> is required: the folder to write cert-chain.pem, key.pem and root-cert.pem into.");
            return 2;
        }

        if (ParseIdentity(identityText, @namespace, serviceAccount, trustDomain, stderr) is not { } identity)
        {
            return 2;
        }

        TimeSpan? lifetime = null;
        if (ttlText is not null)
        {
            if (!GoDuration.TryParse(ttlText, out var ttl, out var error) || ttl <= TimeSpan.Zero)
            {
                stderr.WriteLine($"error: --ttl '{ttlText}': {(error.Length > 0 ? error : "must be positive")} (e.g. 24h, 90m).");
                return 2;
            }

            if (ttl > CertificateAuthorityOptions.DefaultMaxWorkloadCertificateLifetime)
            {
                stderr.WriteLine($"error: --ttl '{ttlText}' is longer than the maximum workload lifetime of {CertificateAuthorityOptions.DefaultMaxWorkloadCertificateLifetime.TotalHours:0}h.");
                return 2;
            }

            lifetime = ttl;
        }

        if (caDir is not null && !File.Exists(Path.Combine(caDir, RootCertificateFile)))
        {
            stderr.WriteLine($"error: {Path.Combine(caDir, RootCertificateFile)} does not exist; create the root with `istiod-net ca init --ca-dir {caDir}`.");
            return 1;
        }

        return WithCa(caDir, cacertsDir, identity.TrustDomain, stderr, ca =>
        {
            var issued = ca.IssueKeyAndCertificate(identity, lifetime);
            try
            {
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, ChainFile), issued.Certificate.CertificateChainPem);
                WriteSecret(Path.Combine(outDir, KeyFile), issued.PrivateKeyPem);
                File.WriteAllText(Path.Combine(outDir, RootFile), ca.TrustBundle.Pem);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write into {outDir}: {e.Message}");
                return 1;
            }

            stdout.WriteLine($"Issued {identity} (serial {issued.Certificate.SerialNumber}, valid until {issued.Certificate.NotAfter:u})");
            stdout.WriteLine($"  {Path.Combine(outDir, ChainFile)}  leaf first, then intermediates");
            stdout.WriteLine($"  {Path.Combine(outDir, KeyFile)}  private key (PKCS#8, mode 0600)");
            stdout.WriteLine($"  {Path.Combine(outDir, RootFile)}  trust bundle ({ca.TrustBundle.Roots.Count} root(s))");
            return 0;
        });
    }

    private static Command InitCommand()
    {
        var caDir = new Option<string>("--ca-dir") { Description = "Folder for the self-signed root (ca-cert.pem, ca-key.pem, root-cert.pem)", Required = true };
        var trustDomain = new Option<string>("--trust-domain") { Description = "SPIFFE trust domain", DefaultValueFactory = _ => "cluster.local" };
        var command = new Command("init", "Create the self-signed root in --ca-dir, or show it when it exists") { caDir, trustDomain };
        command.SetAction(parse => Init(parse.GetValue(caDir)!, parse.GetValue(trustDomain)!, Console.Out, Console.Error));
        return command;
    }

    private static Command ShowCommand()
    {
        var caDir = new Option<string?>("--ca-dir") { Description = "Folder of the self-signed root" };
        var cacertsDir = new Option<string?>("--cacerts-dir") { Description = "Plugged-in CA in Istio's cacerts layout" };
        var command = new Command("show", "Show the signing certificate and the trust bundle: subjects, SHA-256 fingerprints, validity") { caDir, cacertsDir };
        command.SetAction(parse => Show(parse.GetValue(caDir), parse.GetValue(cacertsDir), Console.Out, Console.Error));
        return command;
    }

    private static Command IssueCommand()
    {
        var caDir = new Option<string?>("--ca-dir") { Description = "Folder of the self-signed root" };
        var cacertsDir = new Option<string?>("--cacerts-dir") { Description = "Plugged-in CA in Istio's cacerts layout" };
        var identity = new Option<string?>("--identity") { Description = "spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>" };
        var ns = new Option<string?>("--namespace") { Description = "Namespace of the identity (with --service-account)" };
        var serviceAccount = new Option<string?>("--service-account") { Description = "Service account of the identity (with --namespace)" };
        var trustDomain = new Option<string>("--trust-domain") { Description = "Trust domain for --namespace/--service-account", DefaultValueFactory = _ => "cluster.local" };
        var outDir = new Option<string?>("--out") { Description = "Folder to write cert-chain.pem, key.pem and root-cert.pem into" };
        var ttl = new Option<string?>("--ttl") { Description = "Certificate lifetime, e.g. 24h (default 24h, at most 2160h)" };
        var command = new Command("issue", "Issue a workload key and certificate for an identity into files")
        {
            caDir, cacertsDir, identity, ns, serviceAccount, trustDomain, outDir, ttl,
        };
        command.SetAction(parse => Issue(
            parse.GetValue(caDir), parse.GetValue(cacertsDir), parse.GetValue(identity), parse.GetValue(ns), parse.GetValue(serviceAccount),
            parse.GetValue(trustDomain)!, parse.GetValue(outDir), parse.GetValue(ttl), Console.Out, Console.Error));
        return command;
    }

    private static int? Usage(string? caDir, string? cacertsDir, TextWriter stderr)
    {
        if (caDir is null == cacertsDir is null)
        {
            stderr.WriteLine("error: give exactly one of --ca-dir (self-signed root) or --cacerts-dir (plugged-in CA).");
            return 2;
        }

        return null;
    }

    private static SpiffeIdentity? ParseIdentity(string? identityText, string? ns, string? serviceAccount, string trustDomain, TextWriter stderr)
    {
        if (identityText is not null)
        {
            if (ns is not null || serviceAccount is not null)
            {
                stderr.WriteLine("error: give either --identity or --namespace with --service-account, not both.");
                return null;
            }

            if (!SpiffeIdentity.TryParse(identityText, out var parsed))
            {
                stderr.WriteLine($"error: --identity '{identityText}' is not of the form spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>.");
                return null;
            }

            return parsed;
        }

        if (ns is null || serviceAccount is null)
        {
            stderr.WriteLine("error: name the identity: --identity spiffe://<trust-domain>/ns/<ns>/sa/<sa>, or --namespace <ns> --service-account <sa>.");
            return null;
        }

        try
        {
            return new SpiffeIdentity(trustDomain, ns, serviceAccount);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    private static int WithCa(string? caDir, string? cacertsDir, string trustDomain, TextWriter stderr, Func<CertificateAuthority, int> action)
    {
        CertificateAuthority ca;
        try
        {
            ca = CertificateAuthority.Create(new CertificateAuthorityOptions { RootFolder = caDir, CacertsFolder = cacertsDir, TrustDomain = trustDomain });
        }
        catch (CaConfigurationException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {caDir ?? cacertsDir}: {e.Message}");
            return 1;
        }

        using (ca)
        {
            return action(ca);
        }
    }

    private static void Describe(CertificateAuthority ca, TextWriter stdout)
    {
        var signing = ca.IssuerChain[0];
        stdout.WriteLine("Signing certificate:");
        WriteCertificate(signing, stdout);
        stdout.WriteLine($"Trust bundle: {ca.TrustBundle.Roots.Count} root(s)");
        foreach (var root in ca.TrustBundle.Roots)
        {
            WriteCertificate(root, stdout);
        }
    }

    private static void WriteCertificate(X509Certificate2 certificate, TextWriter stdout)
    {
        var fingerprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var pairs = Enumerable.Range(0, fingerprint.Length / 2).Select(i => fingerprint.Substring(i * 2, 2));
        stdout.WriteLine($"  subject:     {certificate.Subject}");
        stdout.WriteLine($"  sha256:      {string.Join(':', pairs)}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  valid:       {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}"));
    }

    private static void WriteSecret(string path, string contents)
    {
        // A fresh file, so the owner-only mode applies even when an older key.pem was readable by others.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }
}
