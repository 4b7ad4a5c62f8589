using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.Storage;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>The one place where named failures become gRPC statuses (with google.rpc details).</summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The status for a failure; null leaves the exception alone (RpcException, cancellation).</summary>
    public static RpcException? ToRpcException(Exception ex) => ex switch
    {
        InvalidRequestException invalid => new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = invalid.Message,
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations = { invalid.Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }) },
                }),
            },
        }.ToRpcException(),
        NotFoundException notFound => new Google.Rpc.Status
        {
            Code = (int)Code.NotFound,
            Message = notFound.Message,
            Details = { Any.Pack(new ResourceInfo { ResourceType = notFound.ResourceType, ResourceName = notFound.Id }) },
        }.ToRpcException(),
        TenantAccessDeniedException denied => new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = denied.Message }.ToRpcException(),
        AlreadyExistsException exists => new Google.Rpc.Status { Code = (int)Code.AlreadyExists, Message = exists.Message }.ToRpcException(),
        BusinessRuleException rule => new Google.Rpc.Status
        {
            Code = (int)Code.FailedPrecondition,
            Message = rule.Message,
            Details = { Any.Pack(new ErrorInfo { Reason = rule.Reason, Domain = "chatcommerce.v1" }) },
        }.ToRpcException(),
        RateLimitedException limited => new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = limited.Message,
            Details =
            {
                Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(limited.RetryAfter) }),
                Any.Pack(new ErrorInfo { Reason = "RATE_LIMITED", Domain = "chatcommerce.v1" }),
            },
        }.ToRpcException(),
        // gRPC's own meaning of RESOURCE_EXHAUSTED includes "the entire file system is out of space".
        _ when StorageFailures.IsDiskFull(ex) => new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = "The server's disk is full; the request was not applied. Reads still work.",
            Details = { Any.Pack(new ErrorInfo { Reason = "DISK_FULL", Domain = "chatcommerce.v1" }) },
        }.ToRpcException(),
        StorageUnavailableException or LiteDB.LiteException or IOException => new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = "Storage is unavailable; the request was not applied.",
        }.ToRpcException(),
        _ => null,
    };

    private RpcException? Map(Exception ex, ServerCallContext context)
    {
        // The client went away (or the server is stopping): nothing to answer, nothing to log as a fault.
        if (ex is RpcException || context.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
        var mapped = ToRpcException(ex);
        if (mapped is null)
        {
            // A bug, not a client error: log it whole, tell the client only an id to quote.
            var incident = Guid.NewGuid().ToString("n")[..12];
            LogUnexpected(ex, context.Method, incident);
            return new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, $"Internal error {incident}; the server log has the details."));
        }
        if (ex is StorageFullException full)
        {
            // Refused up front, nothing failed: one line, no stack.
            LogWriteRefused(context.Method, full.FreeBytes);
        }
        else if (mapped.StatusCode == StatusCode.Unavailable || StorageFailures.IsDiskFull(ex))
        {
            LogStorageFailure(ex, context.Method);
        }
        return mapped;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (incident {Incident})")]
    private partial void LogUnexpected(Exception ex, string method, string incident);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write refused in {Method}: the data volume has {FreeBytes} bytes free")]
    private partial void LogWriteRefused(string method, long freeBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failure in {Method}")]
    private partial void LogStorageFailure(Exception ex, string method);
}
