namespace Istiod.Net.Security.Credentials;

/// <summary>
/// Decides whether an authenticated workload may read a gateway credential (<c>kubernetes://&lt;name&gt;</c>)
/// of its namespace. Only the verified identity counts, never what the node says it is (a node id beginning
/// <c>router~</c> proves nothing). Called while generating SDS: answers quickly (implementations cache).
/// </summary>
public interface IGatewaySecretAuthorizer
{
    GatewaySecretDecision Authorize(SpiffeIdentity identity, string @namespace, string credentialName);
}
