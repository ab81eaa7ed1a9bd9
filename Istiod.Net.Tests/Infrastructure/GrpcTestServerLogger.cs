using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

internal sealed class GrpcTestServerLogger(string category, ConcurrentQueue<GrpcTestServerLogEntry> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new GrpcTestServerLogEntry(category, logLevel, eventId, formatter(state, exception), exception));
}
