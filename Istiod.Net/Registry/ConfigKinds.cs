namespace Istiod.Net.Registry;

/// <summary>
/// The Kubernetes kind names of the Istio configs the registry and the push context read. They match
/// <see cref="Istiod.Net.Config.Model.ConfigObject.Kind"/> as the config store fills it.
/// </summary>
public static class ConfigKinds
{
    public const string ServiceEntry = "ServiceEntry";
    public const string WorkloadEntry = "WorkloadEntry";
    public const string VirtualService = "VirtualService";
    public const string DestinationRule = "DestinationRule";
}
