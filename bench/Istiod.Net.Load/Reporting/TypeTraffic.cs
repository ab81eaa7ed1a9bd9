namespace Istiod.Net.Load.Reporting;

/// <summary>What all clients received of one type (bytes include gRPC's 5-byte message prefix).</summary>
public sealed record TypeTraffic(string Type, long Responses, long Resources, long Bytes);
