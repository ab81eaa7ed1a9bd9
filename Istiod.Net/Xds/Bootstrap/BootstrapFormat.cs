namespace Istiod.Net.Xds.Bootstrap;

public enum BootstrapFormat
{
    Json,
    Yaml,
}
