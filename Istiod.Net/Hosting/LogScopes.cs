namespace Istiod.Net.Hosting;

/// <summary>
/// The scopes <c>--log-level</c> accepts and the logger categories (namespace prefixes) each covers. Istio's
/// own scope names (ads, ca, model, validation, inject) are kept where an area matches one, so an istiod
/// flag such as <c>default:info,ads:debug</c> means the same here.
/// </summary>
public static class LogScopes
{
    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ads"] = ["Istiod.Net.Xds"],
        ["xds"] = ["Istiod.Net.Xds"],
        ["push"] = ["Istiod.Net.Push"],
        ["model"] = ["Istiod.Net.Push"],
        ["config"] = ["Istiod.Net.Config"],
        ["registry"] = ["Istiod.Net.Registry"],
        ["security"] = ["Istiod.Net.Security"],
        ["ca"] = ["Istiod.Net.Security.Ca", "Istiod.Net.Security.CaApi", "Istiod.Net.Security.Kube"],
        ["sds"] = ["Istiod.Net.Security.Sds"],
        ["authn"] = ["Istiod.Net.Security.Authentication", "Istiod.Net.Security.RequestAuthn"],
        ["admission"] = ["Istiod.Net.Admission"],
        ["validation"] = ["Istiod.Net.Admission"],
        ["injection"] = ["Istiod.Net.Injection"],
        ["inject"] = ["Istiod.Net.Injection"],
        ["kube"] = ["Istiod.Net.Kube"],
        ["grpc"] = ["Istiod.Net.Grpc"],
        ["diagnostics"] = ["Istiod.Net.Diagnostics"],
        ["hosting"] = ["Istiod.Net.Hosting"],
        // One line per HTTP request on the webhook and monitoring ports.
        ["http"] = ["Serilog.AspNetCore.RequestLoggingMiddleware"],
    };

    /// <summary>For the flag's help and error messages.</summary>
    public const string Names = "ads/xds, push/model, config, registry, security, ca, sds, authn, admission/validation, injection/inject, kube, grpc, diagnostics, hosting, http";
}
