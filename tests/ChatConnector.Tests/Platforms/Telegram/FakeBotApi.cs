using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.ChatConnector.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ChatCommerce.ChatConnector.Tests.Platforms.Telegram;

/// <summary>
/// The three Bot API methods the connector uses (getMe, getUpdates with long polling, sendMessage)
/// on a real local HTTP server, since Telegram itself is out of reach in tests.
/// </summary>
internal sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456:TEST-token";
    public const long BotId = 42;

    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LocalHttpServer _server = null!;
    private int _lastUpdateId;
    // Like Telegram: an update is confirmed, and forgotten, once getUpdates asks from a later offset.
    private long _confirmedBelow;
    private int _lastMessageId = 1000;

    public Uri Url => _server.Url;

    /// <summary>The offsets getUpdates asked from, in order.</summary>
    public AsyncLog<long> Offsets { get; } = new();

    /// <summary>The bodies of sendMessage calls.</summary>
    public AsyncLog<JsonNode> Sent { get; } = new();

    public static async Task<FakeBotApi> StartAsync()
    {
        var api = new FakeBotApi();
        api._server = await LocalHttpServer.StartAsync(api.HandleAsync);
        return api;
    }

    /// <summary>A group message arrives; returns its message id.</summary>
    public int Say(long chatId, long fromId, string username, string text, JsonArray? entities = null, long? replyToFromId = null)
    {
        lock (_lock)
        {
            var messageId = ++_lastMessageId;
            var message = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = User(fromId, username),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "supergroup", ["title"] = "Deals" },
                ["date"] = 1_762_862_400,
                ["text"] = text,
            };
            if (entities is not null)
            {
                message["entities"] = entities;
            }

            if (replyToFromId is { } replyTo)
            {
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = 1,
                    ["from"] = User(replyTo, "shopbot"),
                    ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "supergroup" },
                    ["date"] = 1_762_862_300,
                    ["text"] = "1. 降噪耳机 ¥299",
                };
            }

            _updates.Add(new JsonObject { ["update_id"] = ++_lastUpdateId, ["message"] = message });
            var updated = _updated;
            _updated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            updated.TrySetResult();
            return messageId;
        }
    }

    public static JsonArray Entity(string type, int offset, int length) =>
        [new JsonObject { ["type"] = type, ["offset"] = offset, ["length"] = length }];

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static JsonObject User(long id, string username) =>
        new() { ["id"] = id, ["is_bot"] = id == BotId, ["first_name"] = username, ["username"] = username };

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Path.Value!.Split('/').Last();
        var body = context.Request.ContentLength is > 0 || context.Request.ContentType is not null
            ? await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? []
            : [];
        JsonNode result = method switch
        {
            "getMe" => User(BotId, "shopbot"),
            "getUpdates" => await UpdatesAsync(body, context.RequestAborted),
            "sendMessage" => RecordSent(body),
            _ => throw new InvalidOperationException($"The fake Bot API does not know {method}."),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());
    }

    private async Task<JsonArray> UpdatesAsync(JsonObject request, CancellationToken aborted)
    {
        var offset = (long?)request["offset"] ?? 0;
        Offsets.Add(offset);
        using var longPoll = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        longPoll.CancelAfter(TimeSpan.FromSeconds((int?)request["timeout"] ?? 0));
        while (true)
        {
            Task updated;
            lock (_lock)
            {
                _confirmedBelow = Math.Max(_confirmedBelow, offset);
                var pending = _updates.Where(update => update["update_id"]!.GetValue<int>() >= _confirmedBelow).Select(update => update.DeepClone()).ToArray();
                if (pending.Length > 0 || longPoll.IsCancellationRequested)
                {
                    return [.. pending];
                }

                updated = _updated.Task;
            }

            await updated.WaitAsync(longPoll.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private JsonObject RecordSent(JsonObject request)
    {
        Sent.Add(request.DeepClone());
        return new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _lastMessageId),
            ["from"] = User(BotId, "shopbot"),
            ["chat"] = new JsonObject { ["id"] = request["chat_id"]!.DeepClone(), ["type"] = "supergroup" },
            ["date"] = 1_762_862_500,
            ["text"] = request["text"]!.DeepClone(),
        };
    }
}
