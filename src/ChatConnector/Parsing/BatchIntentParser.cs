using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatCommerce.ChatConnector.Relay;
using ChatCommerce.Contracts.V1;
using Grpc.Core;

namespace ChatCommerce.ChatConnector.Parsing;

/// <summary>
/// Asks the BotServer's <c>ParseIntent</c> what texts mean: one query, or a stream of JSON lines
/// answered in input order with a few calls in flight at once.
/// </summary>
/// <param name="merchantId">The merchant for queries that name none; null lets the key decide (the admin key's default merchant).</param>
/// <param name="language">"zh" or "en" for queries that name none; null to detect each text's language.</param>
public sealed class BatchIntentParser(ChatBot.ChatBotClient client, string apiKey, string? merchantId = null, string? language = null)
{
    /// <summary>How many <c>ParseIntent</c> calls a stream keeps in flight.</summary>
    public const int MaxInFlight = 4;

    /// <summary>How long one call may take before its line fails with DeadlineExceeded.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parses one text.</summary>
    /// <exception cref="RpcException">The BotServer refused or could not answer the call.</exception>
    public async Task<ParsedIntent> ParseAsync(IntentQuery query, CancellationToken cancellationToken = default)
    {
        var request = new ParseIntentRequest
        {
            Text = query.Text,
            Language = query.Language ?? language ?? "",
            MerchantId = query.MerchantId ?? merchantId ?? "",
            GroupId = query.GroupId ?? "",
        };
        return await client.ParseIntentAsync(
            request,
            new Metadata { { RelayClient.ApiKeyHeader, apiKey } },
            deadline: DateTime.UtcNow + CallTimeout,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Reads JSON lines (see <see cref="IntentQuery.TryRead"/>) until the input ends and yields one
    /// outcome per line, in input order: a line that cannot be read or that the BotServer refuses
    /// becomes a <see cref="LineFailed"/> and the stream goes on.
    /// </summary>
    /// <exception cref="RpcException">
    /// Unauthenticated (a wrong key) or Unavailable (no BotServer at the address): every later line
    /// would fail the same way, so the stream stops.
    /// </exception>
    public async IAsyncEnumerable<ParseOutcome> ParseLinesAsync(TextReader input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The reader runs apart from the caller so that each answer is yielded as soon as it and
        // those before it are in, even while the next line is still being typed; the slots keep
        // at most MaxInFlight lines between reading and yielding.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slots = new SemaphoreSlim(MaxInFlight);
        var calls = Channel.CreateUnbounded<Task<ParseOutcome>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(input, calls.Writer, slots, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var call in calls.Reader.ReadAllAsync(cancellationToken))
            {
                var outcome = await call;
                slots.Release();
                yield return outcome;
            }
        }
        finally
        {
            stop.Cancel();
            while (calls.Reader.TryRead(out var abandoned))
            {
                _ = abandoned.ContinueWith(static call => call.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
            // A console read cannot be cancelled: the reader may still be waiting for a line.
            _ = reading.ContinueWith(_ => stop.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task ReadAsync(TextReader input, ChannelWriter<Task<ParseOutcome>> calls, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                await slots.WaitAsync(cancellationToken);
                calls.TryWrite(IntentQuery.TryRead(line, out var query, out var error)
                    ? ParseLineAsync(query, cancellationToken)
                    : Task.FromResult<ParseOutcome>(new LineFailed(error)));
            }
            calls.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            calls.TryComplete();
        }
        catch (Exception e)
        {
            calls.TryComplete(e);
        }
    }

    private async Task<ParseOutcome> ParseLineAsync(IntentQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return new IntentParsed(await ParseAsync(query, cancellationToken));
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unauthenticated or StatusCode.Unavailable))
        {
            return new LineFailed(e.Status.Detail is { Length: > 0 } detail ? detail : e.StatusCode.ToString(), e.StatusCode);
        }
    }
}
