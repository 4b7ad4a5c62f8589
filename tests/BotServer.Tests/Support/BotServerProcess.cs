using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ChatCommerce.BotServer.Tests.Support;

/// <summary>
/// The BotServer as a separate process (the build output next to the tests), for what an
/// in-process host cannot show: SIGKILL in the middle of work, then a restart on the same data.
/// </summary>
/// <remarks>ChatConnector.Tests compiles this file too (linked), so it uses nothing else of this project but <see cref="FreePort"/>.</remarks>
public sealed class BotServerProcess : IAsyncDisposable
{
    /// <summary>The admin key the server is started with; <c>BotServerApp</c> uses the same one.</summary>
    public const string AdminKey = "test-admin-key";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>What the server wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts the server on a free port over <paramref name="dataDirectory"/> and waits until it serves.</summary>
    public static async Task<BotServerProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BotServer.dll"));
        var all = new Dictionary<string, string>
        {
            ["Grpc:Url"] = address.ToString().TrimEnd('/'),
            ["Http:Url"] = "none",
            ["Storage:Directory"] = dataDirectory,
            ["Admin:ApiKey"] = AdminKey,
            ["Demo:Seed"] = "true",
            ["RateLimit:PermitsPerSecond"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new BotServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilServingAsync();
        return server;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output) { _output.AppendLine(line); }
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + StartPatience;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"BotServer exited with {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"BotServer did not serve within {StartPatience}:\n{Output}");
            }
            // Polling an external process's readiness; no time logic of ours depends on it.
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no checkpoint — a power cut for the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
