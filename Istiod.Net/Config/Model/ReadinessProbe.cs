using System.Text.Json.Serialization;

namespace Istiod.Net.Config.Model;

/// <summary>How a VM workload's readiness is checked; exactly one check kind is set.</summary>
public sealed record ReadinessProbe
{
    [JsonPropertyName("initialDelaySeconds")]
    public int? InitialDelaySeconds { get; init; }

    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; init; }

    [JsonPropertyName("periodSeconds")]
    public int? PeriodSeconds { get; init; }

    [JsonPropertyName("successThreshold")]
    public int? SuccessThreshold { get; init; }

    [JsonPropertyName("failureThreshold")]
    public int? FailureThreshold { get; init; }

    [JsonPropertyName("httpGet")]
    public HttpHealthCheckConfig? HttpGet { get; init; }

    [JsonPropertyName("tcpSocket")]
    public TcpHealthCheckConfig? TcpSocket { get; init; }

    [JsonPropertyName("exec")]
    public ExecHealthCheckConfig? Exec { get; init; }

    [JsonPropertyName("grpc")]
    public GrpcHealthCheckConfig? Grpc { get; init; }
}
