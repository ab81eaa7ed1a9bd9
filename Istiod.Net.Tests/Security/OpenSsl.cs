using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Tests.Security;

/// <summary>Runs the real openssl binary, so certificates are checked by an implementation other than .NET's.</summary>
internal static class OpenSsl
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException("openssl did not finish within 30 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// <c>openssl verify -x509_strict -CAfile root.pem -untrusted chain.pem leaf.pem</c> (with a purpose
    /// when given); returns openssl's exit code and output.
    /// </summary>
    public static (int ExitCode, string Output) Verify(
        string folder, string rootsPem, IEnumerable<string> untrustedPem, string leafPem, string? purpose = null, string? hostname = null)
    {
        File.WriteAllText(Path.Combine(folder, "verify-root.pem"), rootsPem);
        File.WriteAllText(Path.Combine(folder, "verify-leaf.pem"), leafPem);
        var untrusted = string.Concat(untrustedPem);
        var arguments = new List<string> { "verify", "-x509_strict", "-CAfile", "verify-root.pem" };
        if (untrusted.Length > 0)
        {
            File.WriteAllText(Path.Combine(folder, "verify-chain.pem"), untrusted);
            arguments.AddRange(["-untrusted", "verify-chain.pem"]);
        }

        if (purpose is not null)
        {
            arguments.AddRange(["-purpose", purpose]);
        }

        if (hostname is not null)
        {
            arguments.AddRange(["-verify_hostname", hostname]);
        }

        arguments.Add("verify-leaf.pem");
        return Run(folder, [.. arguments]);
    }

    /// <summary>openssl's text dump of a certificate, to check extensions as another implementation reads them.</summary>
    public static string Text(string folder, X509Certificate2 certificate)
    {
        var file = Path.Combine(folder, "text-" + certificate.Thumbprint + ".pem");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        var (exit, output) = Run(folder, "x509", "-noout", "-text", "-in", file);
        Assert.That(exit, Is.Zero, output);
        return output;
    }
}
