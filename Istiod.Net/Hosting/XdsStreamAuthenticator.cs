using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Diagnostics;
using Istiod.Net.Grpc;
using Istiod.Net.Security;
using Istiod.Net.Security.Authentication;
using Istiod.Net.Xds.Protocol;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Hosting;

/// <summary>
/// Joins the xDS protocol to the security code: a stream over TLS is authenticated like a CA API call
/// (client certificate from our CA, then <c>authorization: Bearer</c> for audience istio-ca); a plaintext
/// stream has no identity, unless the development flag <c>--dev-insecure-sds-on-plaintext</c> lets node
/// metadata (NAMESPACE, SERVICE_ACCOUNT) name one, which anyone can forge. A proven identity must match
/// what the node says it is (<see cref="NodeIdentityCheck"/>), else the stream is refused.
/// </summary>
public sealed class XdsStreamAuthenticator : IXdsStreamAuthenticator
{
    public const string DevNodeMetadataMethod = "dev-node-metadata (INSECURE)";

    private readonly AuthenticatorChain _chain;
    private readonly string _trustDomain;
    private readonly bool _insecurePlaintextIdentity;

    public XdsStreamAuthenticator(AuthenticatorChain chain, string trustDomain, bool insecurePlaintextIdentity, ILogger<XdsStreamAuthenticator> logger)
    {
        _chain = chain;
        _trustDomain = trustDomain;
        _insecurePlaintextIdentity = insecurePlaintextIdentity;
        if (insecurePlaintextIdentity)
        {
            HostLog.InsecureSdsOnPlaintext(logger);
        }
    }

    public async Task<XdsStreamAuthentication> AuthenticateAsync(GrpcCallContext call, Node node)
    {
        if (!call.IsTls)
        {
            return _insecurePlaintextIdentity
                ? FromNodeMetadata(node)
                : XdsStreamAuthentication.Anonymous("plaintext", "the plaintext port never authenticates; use the TLS port for secrets");
        }

        var result = await _chain.AuthenticateAsync(call).ConfigureAwait(false);
        return result.Outcome switch
        {
            AuthenticationOutcome.Authenticated => NodeIdentityCheck.Mismatch(node, result.Identity!) is { } mismatch
                ? XdsStreamAuthentication.Denied(result.Method, mismatch)
                : XdsStreamAuthentication.Authenticated(result.Method, result.Identity!.ToString()),
            AuthenticationOutcome.Rejected => XdsStreamAuthentication.Rejected(result.Method, result.Reason ?? "refused"),
            AuthenticationOutcome.Unavailable => XdsStreamAuthentication.Unavailable(result.Method, result.Reason ?? "unavailable"),
            _ => XdsStreamAuthentication.Anonymous("none", "no client certificate and no authorization header"),
        };
    }

    private XdsStreamAuthentication FromNodeMetadata(Node node)
    {
        var fields = node.Metadata?.Fields;
        var ns = Text(fields, "NAMESPACE");
        var serviceAccount = Text(fields, "SERVICE_ACCOUNT");
        if (ns is null || serviceAccount is null)
        {
            return XdsStreamAuthentication.Anonymous(DevNodeMetadataMethod, "node metadata lacks NAMESPACE or SERVICE_ACCOUNT");
        }

        try
        {
            return XdsStreamAuthentication.Authenticated(DevNodeMetadataMethod, new SpiffeIdentity(_trustDomain, ns, serviceAccount).ToString());
        }
        catch (ArgumentException e)
        {
            return XdsStreamAuthentication.Rejected(DevNodeMetadataMethod, e.Message);
        }
    }

    private static string? Text(IDictionary<string, Value>? fields, string key) =>
        fields is not null && fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Length > 0
            ? value.StringValue
            : null;
}
