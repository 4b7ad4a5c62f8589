using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatCommerce.ChatConnector.Tests.TestSupport;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Irc;

/// <summary>
/// A real ngircd (installed by .ci/run) on 127.0.0.1, a free port, a generated config in a temp
/// directory, no flood penalties and no per-address connection limit. It can be restarted on the same port.
/// </summary>
internal sealed class NgircdServer : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatcommerce-ngircd", Guid.NewGuid().ToString("n"));
    private Process? _process;

    public int Port { get; } = FreePort();

    public static async Task<NgircdServer> StartAsync()
    {
        var server = new NgircdServer();
        await server.RunAsync();
        return server;
    }

    /// <summary>Kills the server (connections drop as after a crash) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await RunAsync();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing more comes; <see cref="Resume"/> thaws it.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunAsync()
    {
        Directory.CreateDirectory(_directory);
        var config = Path.Combine(_directory, "ngircd.conf");
        await File.WriteAllTextAsync(config, $"""
            [Global]
                Name = irc.chatcommerce.test
                Info = ChatCommerce connector tests
                AdminInfo1 = tests
                AdminInfo2 = localhost
                AdminEMail = tests@localhost
                Listen = 127.0.0.1
                Ports = {Port}
                MotdPhrase = ChatCommerce tests
            [Limits]
                MaxConnectionsIP = 0
                MaxPenaltyTime = 0
                MaxNickLength = 30
                MaxJoins = 0
            [Options]
                PAM = no
                Ident = no
                DNS = no
            """);

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new AsyncLog<string>();
        var process = new Process
        {
            // Debian puts it in /usr/sbin, which is not on every user's PATH.
            StartInfo = new ProcessStartInfo(File.Exists("/usr/sbin/ngircd") ? "/usr/sbin/ngircd" : "ngircd", ["-n", "-f", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Add(line);
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // ngircd logs "Server … ready." once it listens: no polling of the port.
        await output.WaitForAsync(lines => lines.Any(line => line.Contains(" ready.", StringComparison.Ordinal) || line.Contains("done", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        if (process.HasExited)
        {
            throw new InvalidOperationException($"ngircd did not start: {string.Join(Environment.NewLine, output.Snapshot())}");
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                // A frozen server must be thawed to die.
                process.Kill();
                using var thaw = Process.Start("kill", ["-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await thaw.WaitForExitAsync();
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
