using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Istiod.Net.Hosting;

/// <summary>Serilog as the one logging backend: text for people, JSON for log pipelines.</summary>
public static class LoggingSetup
{
    public static Serilog.ILogger Create(ServeOptions options)
    {
        var level = options.LogLevel switch
        {
            "debug" => LogEventLevel.Debug,
            "warn" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            // ASP.NET Core logs every request at Information: too loud for a server that holds thousands of streams.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        config = options.LogFormat == "json"
            ? config.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : config.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        return config.CreateLogger();
    }
}
