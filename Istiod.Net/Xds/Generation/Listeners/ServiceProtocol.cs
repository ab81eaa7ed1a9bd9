namespace Istiod.Net.Xds.Generation.Listeners;

/// <summary>What a port carries, as Istio reads it from the protocol field, appProtocol or the port name.</summary>
public enum ServiceProtocol
{
    /// <summary>Nothing says: listeners sniff (http_inspector) and serve HTTP or opaque TCP.</summary>
    Unknown,
    Http,
    Http2,
    Grpc,
    GrpcWeb,
    Https,
    Tls,
    Tcp,
    Mongo,
    Redis,
    Mysql,
}
