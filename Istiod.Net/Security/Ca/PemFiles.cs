using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Istiod.Net.Security.Ca;

/// <summary>Reads and writes the CA's PEM files, turning every failure into a message that names the file.</summary>
internal static class PemFiles
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Every certificate in the file, in file order; other PEM blocks are skipped.</summary>
    public static List<X509Certificate2> ReadCertificates(string path) => ParseCertificates(ReadText(path), path);

    /// <summary>Every certificate in PEM <paramref name="text"/>; <paramref name="path"/> names it in errors.</summary>
    public static List<X509Certificate2> ParseCertificates(string text, string path)
    {
        var certificates = new List<X509Certificate2>();
        var rest = text.AsSpan();
        var index = 0;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            index++;
            var label = rest[fields.Label];
            if (label.SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (Exception e) when (e is FormatException or CryptographicException)
                {
                    throw new CaConfigurationException($"{path}: PEM block {index} is not a valid certificate: {e.Message}", e);
                }
            }

            rest = rest[fields.Location.End..];
        }

        if (certificates.Count == 0)
        {
            throw new CaConfigurationException($"{path}: no PEM 'CERTIFICATE' block found.");
        }

        return certificates;
    }

    /// <summary>The certificate in <paramref name="certificatePath"/> joined with its private key; checks they match.</summary>
    public static X509Certificate2 ReadCertificateWithKey(string certificatePath, string keyPath) =>
        CertificateWithKey(ReadCertificates(certificatePath)[0], ReadText(keyPath), certificatePath, keyPath);

    /// <summary>A certificate joined with its PEM private key; the paths name the two in errors.</summary>
    public static X509Certificate2 CertificateWithKey(X509Certificate2 certificate, string keyPem, string certificatePath, string keyPath)
    {
        if (keyPem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CaConfigurationException($"{keyPath}: encrypted private keys are not supported; store the key unencrypted with file permissions 0600.");
        }

        try
        {
            using var publicRsa = certificate.GetRSAPublicKey();
            if (publicRsa is not null)
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(keyPem);
                return certificate.CopyWithPrivateKey(rsa);
            }

            using var publicEc = certificate.GetECDsaPublicKey();
            if (publicEc is not null)
            {
                using var ec = ECDsa.Create();
                ec.ImportFromPem(keyPem);
                return certificate.CopyWithPrivateKey(ec);
            }
        }
        catch (ArgumentException e)
        {
            // ImportFromPem says "no supported key"; CopyWithPrivateKey says "does not match".
            throw new CaConfigurationException($"{keyPath}: not a usable private key for {certificatePath}: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new CaConfigurationException($"{keyPath}: the private key cannot be read: {e.Message}", e);
        }

        throw new CaConfigurationException($"{certificatePath}: the certificate's key is neither RSA nor ECDSA.");
    }

    /// <summary>
    /// Writes a file whole or not at all (temporary file, then rename), so a crash never leaves half a key.
    /// Refuses to replace an existing file unless <paramref name="overwrite"/> says so.
    /// </summary>
    public static void WriteAtomically(string path, string contents, bool secret, bool overwrite)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? PrivateFile
                : PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CaConfigurationException($"{path}: cannot write: {e.Message}", e);
        }
    }

    /// <summary>
    /// Warns when a private key file can be read or written by anyone but its owner. Not refused: operators
    /// mount keys in many ways (a Secret volume's defaultMode, a group-readable file for a sidecar), but the
    /// CA's key opens the whole mesh, so the log says so and how to fix it.
    /// </summary>
    public static void WarnIfNotPrivate(string keyPath, Microsoft.Extensions.Logging.ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
        {
            Log.KeyNotPrivate(logger, keyPath, Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0'));
        }
    }

    public static void EnsurePrivateFolder(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, PrivateFolder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CaConfigurationException($"{folder}: cannot create the CA folder: {e.Message}", e);
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CaConfigurationException($"{path}: cannot read: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
