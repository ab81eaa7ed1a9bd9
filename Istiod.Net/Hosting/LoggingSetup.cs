using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Istiod.Net.Hosting;

/// <summary>Serilog as the one logging backend: text for people, compact JSON (CLEF) for log pipelines.</summary>
public static class LoggingSetup
{
    public const string TextTemplate = "{Timestamp:HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>The logger for <paramref name="options"/>; its <see cref="ServeOptions.LogLevel"/> must parse (the CLI checks it first).</summary>
    public static Serilog.ILogger Create(ServeOptions options)
    {
        var sinks = Configure(options).WriteTo;
        return (options.LogFormat == "json" ? sinks.Console(new CompactJsonFormatter()) : sinks.Console(outputTemplate: TextTemplate)).CreateLogger();
    }

    /// <summary>Levels and enrichment without a sink, so tests can add their own.</summary>
    public static LoggerConfiguration Configure(ServeOptions options)
    {
        if (!LogLevelSpec.TryParse(options.LogLevel, out var spec, out var error))
        {
            throw new ArgumentException($"--log-level {options.LogLevel}: {error}", nameof(options));
        }

        var config = new LoggerConfiguration()
            .MinimumLevel.Is(spec.Default)
            // ASP.NET Core's own per-request lines: too loud for a server that holds thousands of streams;
            // our request logging (RequestLogging) says what matters in one line.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        foreach (var (prefix, level) in spec.Overrides)
        {
            config = config.MinimumLevel.Override(prefix, level);
        }

        return config;
    }
}
