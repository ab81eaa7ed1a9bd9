using System.Globalization;
using Istiod.Net.Load.Reporting;

namespace Istiod.Net.Load.Running;

/// <summary>Reads the few series the report needs from the server's Prometheus text on <c>/metrics</c>.</summary>
public static class ServerMetricsScraper
{
    public static async Task<ServerMetrics> ScrapeAsync(Uri monitoring, TimeSpan timeout, CancellationToken cancellation)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = timeout };
        try
        {
            var text = await http.GetStringAsync(new Uri(monitoring, "/metrics"), cancellation).ConfigureAwait(false);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return new ServerMetrics(null, null, null, null, null, null) { Error = $"{monitoring}metrics: {e.Message}" };
        }
    }

    public static ServerMetrics Parse(string text)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]  or  name value [timestamp]
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = brace >= 0 ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            if (nameEnd <= 0)
            {
                continue;
            }

            var valueStart = brace >= 0 ? line.IndexOf('}', brace) + 1 : nameEnd;
            var fields = line[valueStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (valueStart <= 0 || fields.Length == 0
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var name = line[..nameEnd];
            sums[name] = sums.GetValueOrDefault(name) + value;
        }

        double? Get(string name) => sums.TryGetValue(name, out var v) ? v : null;
        return new ServerMetrics(
            Get("process_resident_memory_bytes"),
            Get("dotnet_gc_heap_bytes"),
            Get("process_cpu_seconds_total"),
            Get("pilot_xds"),
            Get("pilot_xds_pushes") ?? Get("pilot_xds_pushes_total"),
            Get("pilot_total_xds_rejects") ?? Get("pilot_total_xds_rejects_total"));
    }
}
