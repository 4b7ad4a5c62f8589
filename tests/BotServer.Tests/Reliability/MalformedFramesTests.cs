using System.Net;
using System.Net.Http.Headers;
using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ChatCommerce.BotServer.Tests.Reliability;

/// <summary>
/// gRPC requests broken below the client library (raw HTTP/2 frames): each gets a precise status in
/// its trailers, and the server keeps serving well-formed calls.
/// </summary>
public sealed class MalformedFramesTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    private static byte[] Frame(byte compressed, uint declaredLength, byte[] payload) =>
        [compressed, (byte)(declaredLength >> 24), (byte)(declaredLength >> 16), (byte)(declaredLength >> 8), (byte)declaredLength, .. payload];

    public static TheoryData<string, byte[], StatusCode> BrokenRequests => new()
    {
        { "a length prefix longer than the body", Frame(0, 100, [0x0A, 0x02, 0x68, 0x69]), StatusCode.Internal },
        { "a compressed flag without grpc-encoding", Frame(1, 4, [0x0A, 0x02, 0x68, 0x69]), StatusCode.Internal },
        { "bytes that are not protobuf", Frame(0, 6, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), StatusCode.InvalidArgument },
        { "a message over the 4 MiB limit", Frame(0, 4 * 1024 * 1024 + 1024, new byte[4 * 1024 * 1024 + 1024]), StatusCode.ResourceExhausted },
        { "half a frame header", [0, 0, 0], StatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(BrokenRequests))]
    public async Task ABrokenRequestGetsAPreciseStatusAndTheServerKeepsServing(string what, byte[] body, StatusCode expected)
    {
        var (status, _, diagnostics) = await SendRawAsync("/chatcommerce.v1.ChatBot/ParseIntent", body);
        var healthy = await server.App.ChatBot().ParseIntentAsync(new ParseIntentRequest { Text = "推荐耳机" }, BotServerApp.Admin);

        Assert.True(status == expected, $"{what}: grpc-status {status?.ToString() ?? "missing"}, {diagnostics}");
        Assert.NotEqual("none", healthy.Intent);
    }

    [Theory]
    [InlineData("/chatcommerce.v1.ChatBot/ParseIntent", "chatcommerce.v1.ParseIntentRequest")]
    [InlineData("/chatcommerce.v1.Catalog/ImportProducts", "chatcommerce.v1.Product")]
    [InlineData("/chatcommerce.v1.ChatBot/Relay", "chatcommerce.v1.RelayRequest")]
    public async Task APayloadThatIsNotTheRequestMessageIsAnInvalidArgumentNamingTheMessage(string path, string messageType)
    {
        var (status, details, diagnostics) = await SendRawAsync(path, Frame(0, 6, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.True(status == StatusCode.InvalidArgument, $"{path}: grpc-status {status?.ToString() ?? "missing"}, {diagnostics}");
        var info = details?.Details.Select(d => d.TryUnpack<ErrorInfo>(out var i) ? i : null).SingleOrDefault(i => i is not null);
        Assert.NotNull(info);
        Assert.Equal("MALFORMED_REQUEST", info.Reason);
        Assert.Equal(messageType, info.Metadata["message_type"]);
        Assert.Contains(messageType, details!.Message, StringComparison.Ordinal);
    }

    /// <summary>One gRPC call as raw HTTP/2 bytes; the status and its google.rpc details from the trailers (or headers, for trailers-only answers).</summary>
    private async Task<(StatusCode? Status, Google.Rpc.Status? Details, string Diagnostics)> SendRawAsync(string path, byte[] body)
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.App.GrpcAddress, path))
        {
            Content = new ByteArrayContent(body),
            // Plain-text HTTP/2 with prior knowledge, as gRPC clients speak it.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("x-api-key", BotServerApp.AdminKey);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var fields = response.TrailingHeaders.Concat(response.Headers).ToLookup(h => h.Key, h => h.Value.Single(), StringComparer.OrdinalIgnoreCase);
        StatusCode? status = fields["grpc-status"].FirstOrDefault() is { } code
            ? (StatusCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        var details = fields["grpc-status-details-bin"].FirstOrDefault() is { } bin
            ? Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(bin.PadRight(bin.Length + (4 - bin.Length % 4) % 4, '=')))
            : null;
        var diagnostics = $"HTTP {(int)response.StatusCode} " + string.Join("; ", response.Headers.Concat(response.TrailingHeaders).Select(h => h.Key + "=" + string.Join(",", h.Value)));
        return (status, details, diagnostics);
    }
}
