namespace Istiod.Net.Tests.Infrastructure;

/// <summary>The independent xDS client implementations the end-to-end tests drive.</summary>
public enum E2eClientKind
{
    /// <summary>@grpc/grpc-js-xds on Node (e2e/client.js).</summary>
    Node,

    /// <summary>gRPC C-core through Debian's python3-grpcio (e2e/client.py).</summary>
    Python,
}
