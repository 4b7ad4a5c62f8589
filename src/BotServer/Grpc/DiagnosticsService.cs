using ChatCommerce.BotServer.Errors;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>
/// The echo baseline for throughput benchmarks (authentication, limits and mapping like every call,
/// no feature work), and the process's memory for the admin.
/// </summary>
public sealed class DiagnosticsService : Diagnostics.DiagnosticsBase
{
    public const int MaxPayloadLength = 4000;

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        new Violations().When(request.Payload.Length > MaxPayloadLength, "payload", $"must be at most {MaxPayloadLength} characters").ThrowIfAny();
        return Task.FromResult(new EchoResponse { Payload = request.Payload });
    }

    public override Task<MemoryResponse> Memory(MemoryRequest request, ServerCallContext context)
    {
        if (!context.Caller().IsAdmin)
        {
            throw new TenantAccessDeniedException("Only the admin key can read the server's memory.");
        }
        if (request.CollectFirst)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        var info = GC.GetGCMemoryInfo();
        return Task.FromResult(new MemoryResponse
        {
            WorkingSetBytes = Environment.WorkingSet,
            ManagedHeapBytes = info.HeapSizeBytes,
            FragmentedBytes = info.FragmentedBytes,
            CommittedBytes = info.TotalCommittedBytes,
            Gen2Collections = GC.CollectionCount(2),
        });
    }
}
