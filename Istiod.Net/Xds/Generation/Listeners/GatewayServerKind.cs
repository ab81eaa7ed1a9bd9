namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>How a gateway server's port is served, from its protocol and TLS mode.</summary>
public enum GatewayServerKind
{
    /// <summary>HTTP, HTTP2, GRPC: one HCM per port, routes <c>http.&lt;port&gt;</c>.</summary>
    PlainHttp,

    /// <summary>HTTPS terminated here: a chain per server by SNI, routes <c>https.&lt;port&gt;.…</c>.</summary>
    TerminatedHttps,

    /// <summary>HTTPS or TLS PASSTHROUGH: chains by SNI from VirtualService tls routes.</summary>
    Passthrough,

    /// <summary>TLS terminated here, then opaque TCP from VirtualService tcp routes.</summary>
    TerminatedTcp,

    /// <summary>TCP and the protocols forwarded as TCP: VirtualService tcp routes.</summary>
    PlainTcp,
}
