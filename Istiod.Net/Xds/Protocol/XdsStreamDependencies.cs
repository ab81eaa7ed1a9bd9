using Istiod.Net.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Xds.Protocol;

/// <summary>What every stream loop needs from the process, passed as one value.</summary>
internal sealed record XdsStreamDependencies(
    IXdsResourceProvider Provider,
    IstiodMetrics Metrics,
    ILogger Logger,
    TimeProvider Time);
