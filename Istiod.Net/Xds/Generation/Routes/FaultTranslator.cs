using Envoy.Extensions.Filters.Http.Fault.V3;
using Istiod.Net.Config.Model;
using CommonFaultDelay = Envoy.Extensions.Filters.Common.Fault.V3.FaultDelay;
using EnvoyFaultAbort = Envoy.Extensions.Filters.Http.Fault.V3.FaultAbort;

namespace Istiod.Net.Xds.Generation.Routes;

/// <summary>
/// An Istio fault as the fault filter's per-route config (gRFC A33): a fixed delay and an abort with an
/// HTTP or gRPC status, each for a percentage of requests.
/// </summary>
public static class FaultTranslator
{
    /// <summary>The filter config, or null when nothing in the fault can be expressed.</summary>
    public static HTTPFault? Translate(HttpFaultInjection fault)
    {
        var result = new HTTPFault();
        if (fault.Delay is { } delay && IstioDuration.ToProto(delay.FixedDelay) is { } fixedDelay)
        {
            // Exponential delays were never implemented by Envoy or gRPC; only fixed ones are sent.
            result.Delay = new CommonFaultDelay
            {
                FixedDelay = fixedDelay,
                Percentage = FractionalPercents.From(delay.Percentage, delay.Percent),
            };
        }

        if (fault.Abort is { } abort)
        {
            var translated = new EnvoyFaultAbort { Percentage = FractionalPercents.From(abort.Percentage, null) };
            if (abort.GrpcStatus is { Length: > 0 } grpcStatus && TryGrpcStatus(grpcStatus, out var code))
            {
                translated.GrpcStatus = code;
                result.Abort = translated;
            }
            else if (abort.HttpStatus is >= 200 and < 600)
            {
                translated.HttpStatus = (uint)abort.HttpStatus.Value;
                result.Abort = translated;
            }

            // http2Error aborts have no gRPC counterpart and are left out.
        }

        return result.Delay is null && result.Abort is null ? null : result;
    }

    /// <summary>
    /// "UNAVAILABLE", "deadline_exceeded" or "14" as a gRPC status code (1..16; OK is no abort). The
    /// names are gRPC's canonical ones, the numbers those of its wire protocol.
    /// </summary>
    public static bool TryGrpcStatus(string text, out uint code)
    {
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code))
        {
            return code is >= 1 and <= 16;
        }

        return StatusCodes.TryGetValue(text.Replace('-', '_'), out code);
    }

    private static readonly IReadOnlyDictionary<string, uint> StatusCodes = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase)
    {
        ["CANCELLED"] = 1,
        ["UNKNOWN"] = 2,
        ["INVALID_ARGUMENT"] = 3,
        ["DEADLINE_EXCEEDED"] = 4,
        ["NOT_FOUND"] = 5,
        ["ALREADY_EXISTS"] = 6,
        ["PERMISSION_DENIED"] = 7,
        ["RESOURCE_EXHAUSTED"] = 8,
        ["FAILED_PRECONDITION"] = 9,
        ["ABORTED"] = 10,
        ["OUT_OF_RANGE"] = 11,
        ["UNIMPLEMENTED"] = 12,
        ["INTERNAL"] = 13,
        ["UNAVAILABLE"] = 14,
        ["DATA_LOSS"] = 15,
        ["UNAUTHENTICATED"] = 16,
    };
}
