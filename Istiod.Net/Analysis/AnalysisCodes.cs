namespace Istiod.Net.Analysis;

/// <summary>The codes findings carry; stable, so scripts and suppressions can name them.</summary>
public static class AnalysisCodes
{
    public const string HostNotFound = "IDN0101";
    public const string SubsetNotFound = "IDN0102";
    public const string SubsetSelectsNothing = "IDN0103";
    public const string ConflictingVirtualServices = "IDN0104";
    public const string GatewaySelectsNothing = "IDN0105";
    public const string ConflictingGateways = "IDN0106";
}
