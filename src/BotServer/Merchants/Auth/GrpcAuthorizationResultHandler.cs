using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ChatCommerce.BotServer.Merchants.Auth;

/// <summary>
/// Answers refused gRPC calls with a proper gRPC status (UNAUTHENTICATED / PERMISSION_DENIED and a
/// message) instead of a bare HTTP 401/403, which clients can only report as a transport error.
/// </summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        if (authorizeResult.Succeeded || !isGrpc)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        var (code, message) = authorizeResult.Challenged
            ? (StatusCode.Unauthenticated, context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                ? "The x-api-key is not valid or was revoked."
                : "Send an API key in the x-api-key metadata.")
            : (StatusCode.PermissionDenied, "This API key's role may not call this method.");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
        return Task.CompletedTask;
    }
}
