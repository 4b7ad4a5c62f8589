using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.BotServer.Tests.Llm;

/// <summary>One request the fake model server received.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? Authorization, JsonNode Body)
{
    public string? Model => Body["model"]?.GetValue<string>();

    /// <summary>The names of the tools offered with the request.</summary>
    public IReadOnlyList<string> ToolNames =>
        Body["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList() ?? [];

    public JsonObject ToolParameters(string toolName) =>
        Body["tools"]!.AsArray().Single(t => t!["function"]!["name"]!.GetValue<string>() == toolName)!["function"]!["parameters"]!.AsObject();
}

/// <summary>
/// A stand-in for an OpenAI-compatible model server on 127.0.0.1 (a free port): answers each
/// request with the next scripted response, in order, and records what it received. With the
/// script used up it answers 500.
/// </summary>
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private FakeChatCompletionsServer(WebApplication app) => _app = app;

    public static async Task<FakeChatCompletionsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeChatCompletionsServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>The server's base URL, e.g. http://127.0.0.1:40123.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>What to configure as `Llm:Endpoint`.</summary>
    public string Endpoint => new Uri(Address, "/v1").ToString();

    public IReadOnlyList<ReceivedRequest> Received => _received.ToList();

    /// <summary>Forgets the script and what was received (one fake server, many tests).</summary>
    public void Reset()
    {
        _script.Clear();
        _received.Clear();
    }

    public FakeChatCompletionsServer Then(Func<HttpContext, Task> response)
    {
        _script.Enqueue(response);
        return this;
    }

    /// <summary>The assistant asks for one tool call.</summary>
    public FakeChatCompletionsServer ThenToolCall(string name, string argumentsJson) =>
        Then(context => WriteCompletion(context, new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_" + Guid.NewGuid().ToString("n")[..8],
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = argumentsJson },
            }),
        }, "tool_calls"));

    /// <summary>The assistant answers with text.</summary>
    public FakeChatCompletionsServer ThenText(string content) =>
        Then(context => WriteCompletion(context, new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop"));

    public FakeChatCompletionsServer ThenStatus(int status) =>
        Then(context =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
        });

    /// <summary>200 with a body that is not a chat completion.</summary>
    public FakeChatCompletionsServer ThenGarbage() =>
        Then(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("<html>gateway says hello</html>{{{");
        });

    /// <summary>Never answers; the request ends when the client gives up.</summary>
    public FakeChatCompletionsServer ThenNoAnswer() =>
        Then(async context =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client hung up: exactly what this response waits for.
            }
        });

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
            JsonNode.Parse(body.Length == 0 ? "{}" : body)!));
        if (_script.TryDequeue(out var respond))
        {
            await respond(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static Task WriteCompletion(HttpContext context, JsonObject message, string finishReason)
    {
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("n")[..12],
            ["object"] = "chat.completion",
            ["created"] = 1_767_225_600,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(completion.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
