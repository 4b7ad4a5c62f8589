using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.Bench.Relay;

/// <summary>
/// The real BotServer (the build next to this benchmark) in its own process on a free port, with
/// a fresh demo catalog in a temp directory and the limits that would silence a benchmark lifted.
/// Both paths being compared talk to this one server.
/// </summary>
internal sealed class BotServerProcess : IDisposable
{
    public const string AdminKey = "bench-relay-admin-key";

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private BotServerProcess(Process process, string dataDirectory, Uri url, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _output = output;
        Url = url;
    }

    /// <summary>The last lines the server wrote (warnings and errors; it logs nothing below Warning).</summary>
    public IReadOnlyList<string> RecentOutput => [.. _output.TakeLast(OutputLinesKept)];

    private const int OutputLinesKept = 200;

    public Uri Url { get; }

    /// <summary>The server's process id, for reading its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Where its LiteDB files live.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>
    /// The GC settings the server ships with, from its runtimeconfig.json, e.g. "System.GC.Server true,
    /// System.GC.ConserveMemory 7" — what "as shipped" means in a report.
    /// </summary>
    public static string ShippedGcSettings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "BotServer.runtimeconfig.json");
        if (!File.Exists(path))
        {
            return "no runtimeconfig.json found";
        }
        var properties = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"]?.AsObject();
        var gc = properties?.Where(p => p.Key.StartsWith("System.GC.", StringComparison.Ordinal)).Select(p => $"{p.Key} {p.Value}").ToList() ?? [];
        return gc.Count == 0 ? "the runtime's defaults" : string.Join(", ", gc);
    }

    /// <param name="settings">More <c>--Key=Value</c> settings; a later one overrides an earlier one of the same key.</param>
    public static Task<BotServerProcess> StartAsync(TextWriter progress, params string[] settings) =>
        StartAsync(progress, new Dictionary<string, string>(), settings);

    /// <param name="environment">Environment variables for the server process only (e.g. the runtime's <c>DOTNET_GC…</c> settings).</param>
    /// <param name="settings">More <c>--Key=Value</c> settings; a later one overrides an earlier one of the same key.</param>
    public static async Task<BotServerProcess> StartAsync(TextWriter progress, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "chatcommerce-bench-relay", Guid.NewGuid().ToString("n"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "BotServer.dll"),
                $"--Grpc:Url=http://127.0.0.1:{port}", "--Http:Url=none", $"--Storage:Directory={dataDirectory}",
                $"--Admin:ApiKey={AdminKey}", "--Demo:Seed=true", "--Logging:LogLevel:Default=Warning",
                "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000", "--Chat:GroupRepliesPerMinute=100000",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the BotServer.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                while (output.Count > OutputLinesKept && output.TryDequeue(out string? _))
                {
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BotServerProcess(process, dataDirectory, new Uri($"http://127.0.0.1:{port}"), output);
        try
        {
            await server.WaitUntilAnsweringAsync(progress);
        }
        catch (RpcException e)
        {
            server.Dispose();
            throw new InvalidOperationException($"The BotServer did not start: {string.Join(Environment.NewLine, output.TakeLast(20))}", e);
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilAnsweringAsync(TextWriter progress)
    {
        using var channel = RelayServiceCollectionExtensions.CreateChannel(Url, NullLoggerFactory.Instance);
        var client = new ChatBot.ChatBotClient(channel);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await client.ParseIntentAsync(new ParseIntentRequest { Text = "hi" }, new Metadata { { RelayClient.ApiKeyHeader, AdminKey } });
                progress.WriteLine($"relay: BotServer answering after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                return;
            }
            catch (RpcException) when (!_process.HasExited && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(120))
            {
                // Starting (seeding the demo catalog, building the search index): a bench may poll.
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
