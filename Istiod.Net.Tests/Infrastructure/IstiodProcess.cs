using System.Net;
using System.Text.Json;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// The real istiod-net binary as a child process (`dotnet istiod-net.dll serve ...`) on free
/// ports of 127.0.0.1, with readers for its monitoring endpoints. Its output is logged to a file
/// and quoted in failures; disposing it kills it.
/// </summary>
public sealed class IstiodProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions DebugJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private readonly E2eChildProcess _child;
    private readonly HttpClient _http;

    private IstiodProcess(E2eChildProcess child, string configDirectory, int xdsPort, int securePort, int monitoringPort, int webhookPort)
    {
        WebhookPort = webhookPort;
        _child = child;
        ConfigDirectory = configDirectory;
        XdsPort = xdsPort;
        SecurePort = securePort;
        MonitoringPort = monitoringPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{monitoringPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string ConfigDirectory { get; }

    public int XdsPort { get; }

    public int SecurePort { get; }

    public int MonitoringPort { get; }

    /// <summary>The TLS port of /validate and /inject.</summary>
    public int WebhookPort { get; }

    public string LogPath => _child.LogPath;

    public bool HasExited => _child.HasExited;

    public int ProcessId => _child.Id;

    /// <summary>Completes when the process has exited and all its output has been read.</summary>
    public Task Exited => _child.Exited;

    public int? ExitCode => _child.ExitCode;

    /// <summary>The last lines the process printed (stdout and stderr).</summary>
    public string RecentOutput => _child.RecentOutput;

    /// <summary>Starts `istiod-net serve` on <paramref name="configDirectory"/> and waits until /ready answers 200.</summary>
    public static async Task<IstiodProcess> StartAsync(
        string configDirectory,
        string logDirectory,
        TimeSpan readyTimeout,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? extraArguments = null)
    {
        E2ePrerequisites.RequireIstiodBuild();
        var ports = E2eFreePorts.Take(4);
        var child = E2eChildProcess.Start(
            "istiod-net",
            "dotnet",
            [
                E2ePaths.IstiodDll, "serve",
                "--config-dir", configDirectory,
                "--xds-port", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--secure-port", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--monitoring-port", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--webhook-port", ports[3].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                .. extraArguments ?? [],
            ],
            AppContext.BaseDirectory,
            logDirectory,
            environment);
        var istiod = new IstiodProcess(child, configDirectory, ports[0], ports[1], ports[2], ports[3]);
        try
        {
            await istiod.WaitUntilReadyAsync(readyTimeout).ConfigureAwait(false);
            return istiod;
        }
        catch
        {
            await istiod.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<string> GetStringAsync(string path)
    {
        ThrowIfExited();
        using var response = await _http.GetAsync(path).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }
        return body;
    }

    public async Task<IReadOnlyList<E2eSynczProxy>> GetSynczAsync() =>
        Parse<List<E2eSynczProxy>>("debug/syncz", await GetStringAsync("debug/syncz").ConfigureAwait(false));

    public async Task<E2eConfigz> GetConfigzAsync() =>
        Parse<E2eConfigz>("debug/configz", await GetStringAsync("debug/configz").ConfigureAwait(false));

    public string Describe() => _child.Describe();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _child.DisposeAsync().ConfigureAwait(false);
    }

    private static T Parse<T>(string path, string body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, DebugJson) ?? throw new JsonException("null document");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"/{path} did not have the expected shape ({e.Message}); body: {body}", e);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            ThrowIfExited();
            try
            {
                using var response = await _http.GetAsync("ready").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                last = $"/ready answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "/ready did not answer within the HTTP timeout";
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"istiod-net was not ready within {timeout.TotalSeconds:0} s ({last})\n{Describe()}");
    }

    private void ThrowIfExited()
    {
        if (_child.HasExited)
        {
            throw new InvalidOperationException($"istiod-net has exited\n{Describe()}");
        }
    }
}
