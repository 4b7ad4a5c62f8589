using ChatCommerce.ChatConnector.Platforms;
using ChatCommerce.ChatConnector.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector;

/// <summary>
/// Wires one chat platform to the relay: the platform's messages go to the BotServer, the
/// BotServer's replies and notifications go back to the platform. When the platform ends
/// (/quit, end of input) it waits briefly for the last answers, then stops the application.
/// </summary>
public sealed partial class ConnectorWorker(
    IChatPlatform platform,
    RelayClient relay,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ConnectorWorker> logger) : BackgroundService
{
    /// <summary>How long the worker waits for answers to messages already sent once the platform has ended.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True when the connector stopped because of an error rather than by request.</summary>
    public bool Failed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var relaying = Task.CompletedTask;
        var forwarding = Task.CompletedTask;
        var forwardingMembers = Task.CompletedTask;
        try
        {
            await platform.StartAsync(stopping.Token);
            relaying = relay.RunAsync(platform, stopping.Token);
            forwarding = ForwardMessagesAsync(stopping.Token);
            forwardingMembers = ForwardMemberEventsAsync(stopping.Token);

            if (await Task.WhenAny(relaying, forwarding) == forwarding)
            {
                await forwarding;
                await DrainAsync(relaying, stopping.Token);
            }

            // The relay only ends by itself when the BotServer refuses the connector.
            if (relaying.IsCompleted)
            {
                await relaying;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (RelayRejectedException e)
        {
            Failed = true;
            LogRejected(e.Message);
        }
        catch (Exception e)
        {
            Failed = true;
            LogFailed(e, platform.Name);
        }
        finally
        {
            await stopping.CancelAsync();
            // Their failures were handled above; what is left is the cancellation just requested.
            await Task.WhenAll(relaying, forwarding, forwardingMembers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await platform.StopAsync(CancellationToken.None);
            lifetime.StopApplication();
        }
    }

    private async Task ForwardMessagesAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in platform.ReadMessagesAsync(cancellationToken))
        {
            await relay.SendAsync(message, cancellationToken);
            platform.OnQueued(message);
        }
    }

    private async Task ForwardMemberEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (var memberEvent in platform.ReadMemberEventsAsync(cancellationToken))
        {
            relay.SendMemberEvent(memberEvent);
        }
    }

    /// <summary>Gives the BotServer a moment to answer what was said before the platform ended, unless the relay gives up first.</summary>
    private async Task DrainAsync(Task relaying, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(relay.WaitUntilIdleAsync(cancellationToken), relaying)
                .WaitAsync(DrainTimeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogUnanswered(relay.PendingCount, DrainTimeout);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason} Check --api-key (or CHATCOMMERCE_API_KEY).")]
    private partial void LogRejected(string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Platform} connector stopped")]
    private partial void LogFailed(Exception exception, string platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving with {Count} messages unanswered after waiting {Timeout}")]
    private partial void LogUnanswered(int count, TimeSpan timeout);
}
