using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using static System.FormattableString;

namespace Istiod.Net.Load.Reporting;

/// <summary>Writes a <see cref="LoadReport"/> for people, or as one JSON object for scripts.</summary>
public static class ReportPrinter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string ToJson(LoadReport report) => JsonSerializer.Serialize(report, Json);

    public static void WriteText(LoadReport report, TextWriter output)
    {
        output.WriteLine(Invariant($"istiod-net-load: {report.Clients} {report.Protocol} clients on {report.Connections} HTTP/2 connections to {report.Target}"));
        output.WriteLine(Invariant($"  each subscribes to {report.ListenersPerClient} of {report.ServicesInMesh} listeners; {report.Processors} processors; {report.ElapsedMs / 1000:0.0} s, tool CPU {report.ToolCpuSeconds:0.0} s"));
        if (report.StoppedEarly is { } stopped)
        {
            output.WriteLine(Invariant($"  STOPPED EARLY: {stopped}"));
        }

        var c = report.Connect;
        output.WriteLine(Invariant($"connect     {c.Answered}/{c.Started} answered, {c.Failed} failed, ramp {c.RampMs / 1000:0.0} s; first response {Latency(c.Latency)}"));
        var s = report.Sync;
        var full = s.TimeToFullSyncMs is { } ms ? $"{ms:0} ms" : "not reached";
        output.WriteLine(Invariant($"full sync   {s.Synced}/{s.Expected} clients; per client {Latency(s.Latency)}; all clients: {full}"));
        foreach (var change in report.Changes)
        {
            var timedOut = change.TimedOut ? " (wait ended)" : "";
            output.WriteLine(Invariant(
                $"change {change.Index,-4} {change.Acked}/{change.Expected} ACKed new RDS{timedOut}; {Latency(change.Latency)}  [{change.Route} v1={change.V1Weight}]"));
        }

        if (report.ChangesSkipped is { } skipped)
        {
            output.WriteLine(Invariant($"changes     skipped: {skipped}"));
        }

        var t = report.Traffic;
        output.WriteLine(Invariant($"received    {t.Responses} responses, {Bytes(t.Bytes)}; sent {t.Acks} ACKs, {t.Nacks} NACKs; {t.Unreadable} unreadable resources, {t.UnexpectedType} responses of unasked types"));
        foreach (var type in t.ByType)
        {
            output.WriteLine(Invariant($"  {type.Type}  {type.Responses,8} responses {type.Resources,10} resources {Bytes(type.Bytes),12}"));
        }

        foreach (var error in report.Errors)
        {
            output.WriteLine(Invariant($"stream error x{error.Streams}: {error.Message}"));
        }

        WriteServer("server before", report.ServerBefore, output);
        WriteServer("server after ", report.ServerAfter, output);
    }

    private static void WriteServer(string label, ServerMetrics? metrics, TextWriter output)
    {
        if (metrics is null)
        {
            return;
        }

        if (metrics.Error is { } error)
        {
            output.WriteLine(Invariant($"{label} metrics unavailable: {error}"));
            return;
        }

        output.WriteLine(Invariant(
            $"{label} RSS {Bytes(metrics.ResidentMemoryBytes)}, GC heap {Bytes(metrics.GcHeapBytes)}, CPU {Number(metrics.CpuSeconds, "0.0")} s, {Number(metrics.ConnectedClients, "0")} xDS clients, {Number(metrics.Pushes, "0")} responses sent, {Number(metrics.Rejects, "0")} NACKs received"));
    }

    private static string Number(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Latency(LatencySummary l) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50Ms:0.0} ms, p99 {l.P99Ms:0.0} ms, max {l.MaxMs:0.0} ms (n={l.Count})");

    private static string Bytes(double? bytes) => bytes switch
    {
        null => "n/a",
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):0.0} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B"),
    };
}
