namespace Istiod.Net.Xds.Generation;

/// <summary>
/// Names of the HTTP filters listeners declare. A route's typed_per_filter_config is keyed by these
/// names, so listeners and routes must agree.
/// </summary>
public static class HttpFilterNames
{
    public const string Fault = "envoy.filters.http.fault";
    public const string Cors = "envoy.filters.http.cors";
    public const string Router = "envoy.filters.http.router";
}
