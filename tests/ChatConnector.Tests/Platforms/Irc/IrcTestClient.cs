using System.Net.Sockets;
using System.Text;
using ChatCommerce.ChatConnector.Platforms.Irc;
using ChatCommerce.ChatConnector.Tests.TestSupport;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Irc;

/// <summary>A person in the channel: a raw TCP IRC client that records every line it receives, byte counts included.</summary>
internal sealed class IrcTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly CancellationTokenSource _stop = new();
    private NetworkStream? _stream;
    private Task _reading = Task.CompletedTask;

    private IrcTestClient(string nick) => Nick = nick;

    public string Nick { get; }

    /// <summary>Every line received, as sent by the server (without CR LF), with its length on the wire.</summary>
    public AsyncLog<(IrcLine Line, int Bytes)> Received { get; } = new();

    public static async Task<IrcTestClient> ConnectAsync(int port, string nick)
    {
        var client = new IrcTestClient(nick);
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        client._reading = client.ReadAsync();
        await client.SendAsync($"NICK {nick}");
        await client.SendAsync($"USER {nick} 0 * :{nick}");
        await client.Received.WaitForAsync(lines => lines.Any(l => l.Line.Command == "001"));
        return client;
    }

    public async Task JoinAsync(string channel)
    {
        await SendAsync($"JOIN {channel}");
        // 366 RPL_ENDOFNAMES: the join is complete.
        await Received.WaitForAsync(lines => lines.Any(l => l.Line.Command == "366" && l.Line.Parameter(1) == channel));
    }

    public Task SayAsync(string channel, string text) => SendAsync($"PRIVMSG {channel} :{text}");

    /// <summary>The texts of PRIVMSGs <paramref name="from"/> sent to <paramref name="channel"/>, with their raw line lengths.</summary>
    public IEnumerable<(string Text, int Bytes)> MessagesFrom(string from, string channel) =>
        Received.Snapshot()
            .Where(l => l.Line.Command == "PRIVMSG" && l.Line.SourceNick == from && l.Line.Parameter(0) == channel)
            .Select(l => (l.Line.Parameter(1), l.Bytes));

    public async Task SendAsync(string line) => await _stream!.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Dispose();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        // Bytes, not a StreamReader: the test checks that no line was cut inside a UTF-8 sequence.
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int read;
        while ((read = await _stream!.ReadAsync(chunk, _stop.Token)) > 0)
        {
            foreach (var b in chunk[..read])
            {
                buffer.Add(b);
                if (b == '\n')
                {
                    var bytes = buffer.ToArray();
                    buffer.Clear();
                    // A line cut inside a UTF-8 sequence decodes with U+FFFD in it.
                    var text = Encoding.UTF8.GetString(bytes);
                    var line = IrcLine.Parse(text);
                    if (line.Command == "PING")
                    {
                        await SendAsync($"PONG :{line.Parameter(0)}");
                    }

                    Received.Add((line, bytes.Length));
                }
            }
        }
    }
}
