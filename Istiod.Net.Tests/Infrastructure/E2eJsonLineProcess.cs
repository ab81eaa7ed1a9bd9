using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A script (Node or Python) spoken to in JSON lines: commands go to its stdin, and each JSON
/// object it prints on stdout is an event the test can wait for. Lines that are not JSON objects
/// (library chatter) stay in the log only.
/// </summary>
public sealed class E2eJsonLineProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions CommandJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private E2eChildProcess? _child;

    private E2eJsonLineProcess()
    {
    }

    public E2eChildProcess Child => _child ?? throw new InvalidOperationException("not started");

    public static E2eJsonLineProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string logDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = new E2eJsonLineProcess();
        process._child = E2eChildProcess.Start(name, fileName, arguments, workingDirectory, logDirectory, environment, process.OnStdoutLine);
        _ = process._child.Exited.ContinueWith(_ => process._events.Writer.TryComplete(), TaskScheduler.Default);
        return process;
    }

    public Task SendAsync(object command, CancellationToken cancellationToken) =>
        Child.WriteLineAsync(JsonSerializer.Serialize(command, CommandJson), cancellationToken);

    /// <summary>
    /// The next event whose "event" field is <paramref name="eventName"/>. An "error" event, the
    /// process exiting, or the timeout all fail with the process's recent output in the message.
    /// </summary>
    public async Task<JsonObject> WaitForEventAsync(string eventName, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _events.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var item))
                {
                    var name = item["event"]?.GetValue<string>();
                    if (name == eventName)
                    {
                        return item;
                    }
                    if (name == "error")
                    {
                        throw new InvalidOperationException($"{Child.Name} reported an error: {item["error"]}\n{Child.Describe()}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no \"{eventName}\" event from {Child.Name} within {timeout.TotalSeconds:0.#} s\n{Child.Describe()}");
        }
        throw new InvalidOperationException($"{Child.Name} exited before printing a \"{eventName}\" event\n{Child.Describe()}");
    }

    public ValueTask DisposeAsync() => _child?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void OnStdoutLine(string line)
    {
        if (!line.StartsWith('{'))
        {
            return;
        }
        try
        {
            if (JsonNode.Parse(line) is JsonObject item)
            {
                _events.Writer.TryWrite(item);
            }
        }
        catch (JsonException)
        {
            // A line that merely starts with "{" but is not our protocol: it is in the log already.
        }
    }
}
