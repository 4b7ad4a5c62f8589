using ChatCommerce.BotServer.Errors;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>The echo baseline for throughput benchmarks: authentication, limits and mapping like every call, no feature work.</summary>
public sealed class DiagnosticsService : Diagnostics.DiagnosticsBase
{
    public const int MaxPayloadLength = 4000;

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        new Violations().When(request.Payload.Length > MaxPayloadLength, "payload", $"must be at most {MaxPayloadLength} characters").ThrowIfAny();
        return Task.FromResult(new EchoResponse { Payload = request.Payload });
    }
}
