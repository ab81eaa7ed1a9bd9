using System.Diagnostics;
using System.Text;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>
/// A child process owned by an end-to-end test: its output goes line by line to a log file (kept
/// for reading after a failure), to a bounded in-memory tail for error messages, and to an
/// optional callback; disposing it closes stdin and then kills the whole process tree, so a
/// failed or hung test never leaves a backend or a control plane running.
/// </summary>
public sealed class E2eChildProcess : IAsyncDisposable
{
    private const int TailLines = 200;
    private const int DescribeLines = 60;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly StreamWriter _log;
    private readonly Action<string>? _onStdoutLine;
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private bool _logClosed;

    private E2eChildProcess(string name, Process process, StreamWriter log, Action<string>? onStdoutLine)
    {
        Name = name;
        _process = process;
        _log = log;
        _onStdoutLine = onStdoutLine;
    }

    /// <summary>A short name used in messages and as the log file's name.</summary>
    public string Name { get; }

    public string LogPath { get; private init; } = "";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process has exited and all its output has been read.</summary>
    public Task Exited => Task.WhenAll(_process.WaitForExitAsync(), _stdoutClosed.Task, _stderrClosed.Task);

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines of stdout and stderr, interleaved as they arrived, for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static E2eChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string logDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onStdoutLine = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        log.WriteLine($"# {fileName} {string.Join(' ', startInfo.ArgumentList)}");

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new E2eChildProcess(name, process, log, onStdoutLine) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, isStdout: false);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            log.Dispose();
            throw new InvalidOperationException($"could not start {name} ({fileName}): {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Writes one line to the child's stdin.</summary>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A summary for failure messages: state, log file, and the last lines of output (the log has all).</summary>
    public string Describe()
    {
        string[] last;
        lock (_tail)
        {
            last = _tail.TakeLast(DescribeLines).ToArray();
        }
        return $"{Name} (pid {_process.Id}, {(HasExited ? $"exited with {_process.ExitCode}" : "running")}, log {LogPath}); last output:\n{string.Join('\n', last)}";
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin is the polite stop for our scripts; the kill below covers the rest.
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The pipe is already gone because the child is exiting.
                }
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
            }
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Output pipes held open by a grandchild; nothing more to read that matters.
        }
        finally
        {
            lock (_tail)
            {
                _log.WriteLine($"# exit code {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")}");
                _log.Dispose();
                _logClosed = true;
            }
            _process.Dispose();
        }
    }

    private void OnLine(string? line, bool isStdout)
    {
        if (line is null)
        {
            (isStdout ? _stdoutClosed : _stderrClosed).TrySetResult();
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
            if (!_logClosed)
            {
                _log.WriteLine(isStdout ? line : "[stderr] " + line);
            }
        }
        if (isStdout)
        {
            _onStdoutLine?.Invoke(line);
        }
    }
}
