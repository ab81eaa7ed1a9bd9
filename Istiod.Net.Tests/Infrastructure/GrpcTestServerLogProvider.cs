using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>Keeps every log record in memory so tests can assert what the server logged.</summary>
internal sealed class GrpcTestServerLogProvider : ILoggerProvider
{
    public ConcurrentQueue<GrpcTestServerLogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new GrpcTestServerLogger(categoryName, Entries);

    public void Dispose()
    {
    }
}
