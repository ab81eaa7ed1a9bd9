namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The methods of the e2e.Echo service (e2e/echo-service.js). Both answer alike; two paths let an
/// authorization test allow one method and deny the other on the same server.
/// </summary>
public static class E2eEchoMethods
{
    public const string Service = "e2e.Echo";

    public const string Who = "Who";

    public const string Admin = "Admin";

    /// <summary>The gRPC path of <paramref name="method"/>, as RBAC url_path and header ":path" matchers see it.</summary>
    public static string Path(string method) => $"/{Service}/{method}";
}
