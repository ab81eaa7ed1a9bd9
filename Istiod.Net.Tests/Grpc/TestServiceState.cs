using System.Collections.Concurrent;

namespace Istiod.Net.Tests.Grpc;

/// <summary>What <see cref="TestService"/> handlers observed, for tests to assert on.</summary>
internal sealed class TestServiceState
{
    public const int FloodMessageSize = 32 * 1024;

    public int FloodWritten;

    public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Connections { get; } = new();

    public void RecordConnection(string connectionId) => Connections.Enqueue(connectionId);
}
