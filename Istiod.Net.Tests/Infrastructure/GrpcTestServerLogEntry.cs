using Microsoft.Extensions.Logging;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One log record a <see cref="GrpcTestServer"/> captured.</summary>
public sealed record GrpcTestServerLogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
