using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ChatCommerce.ChatConnector.Cli;

namespace ChatCommerce.ChatConnector.Tests.Reliability.Support;

/// <summary>
/// <c>chatconnector run --platform webhook</c> as a separate process (the build next to the tests),
/// with its disk queue in a directory that outlives it, so it can be SIGKILLed and started again
/// on the same port and queue.
/// </summary>
internal sealed class ConnectorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ConnectorProcess(Process process, StringBuilder output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>What the connector wrote to stderr and stdout, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts the connector and waits until its webhook endpoint takes connections.</summary>
    /// <param name="output">Collects the output of every run of one connector.</param>
    public static async Task<ConnectorProcess> StartAsync(ConnectorRun run, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chatconnector.dll"));
        foreach (var argument in new[]
        {
            "run", "--platform", "webhook",
            "--webhook-listen", run.ListenUrl.ToString(),
            "--webhook-reply-url", run.ReplyUrl.ToString(),
            "--webhook-per-minute", "6000",
            "--bot", run.BotUrl.ToString(),
            "--connector-id", "restart-test",
            "--queue-dir", run.QueueDirectory,
            "--log-level", "Information",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[RunCommand.ApiKeyVariable] = run.ApiKey;
        start.Environment[RunCommand.WebhookSecretVariable] = run.Secret;
        // The default backoff (0.5 s doubling to 30 s) can leave the connector waiting long after a
        // restarted BotServer is back; the test keeps each wait short.
        start.Environment["Relay__MaxReconnectDelay"] = "00:00:01";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var connector = new ConnectorProcess(process, output);
        process.OutputDataReceived += (_, e) => connector.Append(e.Data);
        process.ErrorDataReceived += (_, e) => connector.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await connector.WaitUntilListeningAsync(run.ListenUrl);
        return connector;
    }

    /// <summary>SIGKILL: no shutdown, no flush — a power cut for the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync(Uri listenUrl)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The connector exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(listenUrl.Host, listenUrl.Port);
                return;
            }
            catch (SocketException) when (Stopwatch.GetElapsedTime(started) < StartPatience)
            {
                // Polling an external process's readiness; no time logic of ours depends on it.
                await Task.Delay(50);
            }
        }
    }
}

/// <summary>How every run of the connector under test is started: the same port, queue and peers each time.</summary>
internal sealed record ConnectorRun(Uri ListenUrl, Uri ReplyUrl, Uri BotUrl, string ApiKey, string Secret, string QueueDirectory);
