using Istiod.Net.MetricsBench;

// Compares our /metrics exporter with OpenTelemetry's Prometheus exporter: names and types for every
// instrument IstiodMetrics creates, then scrape cost at 10,000 series, then recording cost. Prints a table.
var scrapes = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 40;
await NameComparison.RunAsync(Console.Out);
await ScrapeCost.RunAsync(Console.Out, series: 10_000, scrapes);
RecordCost.Run(Console.Out, measurements: 2_000_000);
