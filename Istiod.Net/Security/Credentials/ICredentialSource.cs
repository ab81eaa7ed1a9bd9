namespace Istiod.Net.Security.Credentials;

/// <summary>
/// Where gateway certificates (a Gateway's <c>credentialName</c>) come from: a folder in file mode,
/// Kubernetes Secrets once the Kubernetes source provides them. Thread-safe.
/// </summary>
public interface ICredentialSource
{
    /// <summary>The credential <paramref name="name"/> of <paramref name="namespace"/>; null with a reason when it is missing or unusable.</summary>
    CredentialLookup Find(string @namespace, string name);
}
