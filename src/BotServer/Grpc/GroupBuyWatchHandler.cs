using ChatCommerce.BotServer.Errors;
using ChatCommerce.BotServer.GroupBuys;
using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>
/// Serves one WatchGroupBuys stream: subscribes to live events first, replays the stored events
/// after the client's sequence, then goes live, skipping what the replay already sent — so a
/// reconnecting integrator misses nothing and sees nothing twice. Heartbeats carry the latest
/// sequence. One loop does every write (a gRPC stream takes one write at a time).
/// </summary>
public sealed class GroupBuyWatchHandler(GroupBuyManager groupBuys, GroupBuyEventHub hub, IOptions<GroupBuyOptions> options, TimeProvider time)
{
    private const int ReplayBatch = 500;

    public async Task RunAsync(string merchantId, WatchGroupBuysRequest request, IServerStreamWriter<Contracts.V1.GroupBuyEvent> responses, CancellationToken cancellation)
    {
        new Violations()
            .When(request.Platform.Length == 0 != (request.GroupId.Length == 0), "group_id", "platform and group_id go together")
            .ThrowIfAny();
        var platform = GroupSettingsMapping.Platform(request.Platform);
        bool Wanted(GroupBuys.GroupBuyEvent e) => request.GroupId.Length == 0 || (e.GroupBuy.Platform == platform && e.GroupBuy.GroupId == request.GroupId);

        using var reader = hub.Subscribe(merchantId);
        var last = (long)Math.Min(request.AfterSequence, long.MaxValue);
        while (groupBuys.EventsAfter(merchantId, last, ReplayBatch) is { Count: > 0 } batch)
        {
            foreach (var e in batch.Where(Wanted))
            {
                await responses.WriteAsync(GroupBuyMapping.ToContract(e), cancellation);
            }
            last = batch[^1].Sequence;
        }

        using var timer = new PeriodicTimer(options.Value.WatchHeartbeatInterval, time);
        var tick = timer.WaitForNextTickAsync(cancellation).AsTask();
        var ready = reader.Events.WaitToReadAsync(cancellation).AsTask();
        while (!cancellation.IsCancellationRequested)
        {
            if (await Task.WhenAny(tick, ready) == tick)
            {
                if (!await tick)
                {
                    return;
                }
                await responses.WriteAsync(new Contracts.V1.GroupBuyEvent { Type = Contracts.V1.GroupBuyEventType.Heartbeat, Sequence = (ulong)last, OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()) }, cancellation);
                tick = timer.WaitForNextTickAsync(cancellation).AsTask();
                continue;
            }
            try
            {
                if (!await ready)
                {
                    return;
                }
            }
            catch (InvalidOperationException fellBehind)
            {
                throw new RpcException(new Status(StatusCode.Aborted, $"{fellBehind.Message} Last sequence sent: {last}."));
            }
            while (reader.Events.TryRead(out var e))
            {
                if (e.Sequence > last)
                {
                    last = e.Sequence;
                    if (Wanted(e))
                    {
                        await responses.WriteAsync(GroupBuyMapping.ToContract(e), cancellation);
                    }
                }
            }
            ready = reader.Events.WaitToReadAsync(cancellation).AsTask();
        }
    }
}
