namespace Istiod.Net.Tests.Infrastructure;

/// <summary>The PEM files a gRPC file_watcher certificate provider reads.</summary>
public sealed record E2eCertificateFiles(string CertificateChain, string PrivateKey, string Roots);
