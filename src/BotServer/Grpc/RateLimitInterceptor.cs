using System.Threading.RateLimiting;
using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Merchants.Auth;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>Per-API-key request rate (a token bucket per key); calls without a key (health, reflection) are not counted.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Calls per second each key may make on average; 0 turns limiting off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Calls a key may make at once above the average.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;
}

/// <summary>
/// Answers RESOURCE_EXHAUSTED with RetryInfo when a key goes over its rate. A stream counts once,
/// when it opens; what flows on it is bounded by the per-group reply budget instead.
/// </summary>
public sealed class RateLimitInterceptor : Interceptor, IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string>? _limiter;

    public RateLimitInterceptor(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        if (_options.PermitsPerSecond > 0)
        {
            // Refill in small steps (about ten a second) rather than once a second, so a key at its
            // limit is not starved then flooded.
            var perStep = Math.Max(1, _options.PermitsPerSecond / 10);
            var step = TimeSpan.FromSeconds(1) * perStep / _options.PermitsPerSecond;
            _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _options.Burst,
                TokensPerPeriod = perStep,
                ReplenishmentPeriod = step,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        }
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (_limiter is null || user.FindFirst(Caller.KeyClaim)?.Value is not { Length: > 0 } keyId)
        {
            return;
        }
        using var lease = _limiter.AttemptAcquire(keyId);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMilliseconds(100);
            throw new RateLimitedException(retryAfter, $"This API key is over its limit of {_options.PermitsPerSecond} calls per second (burst {_options.Burst}); retry later.");
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
