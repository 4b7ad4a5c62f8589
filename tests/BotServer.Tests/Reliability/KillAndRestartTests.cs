using ChatCommerce.BotServer.Tests.Support;
using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.Reliability;

public sealed class KillAndRestartTests : IDisposable
{
    private readonly string _data = BotServerApp.NewDataDirectory();

    [Fact]
    public async Task EveryWriteAcknowledgedBeforeASigkillIsThereAfterTheRestart()
    {
        var acknowledged = new List<string>();
        var fiftyAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var server = await BotServerProcess.StartAsync(_data))
        {
            var merchants = new Contracts.V1.Merchants.MerchantsClient(server.Channel);
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var rule = await merchants.UpsertReplyRuleAsync(new UpsertReplyRuleRequest
                    {
                        MerchantId = "demo",
                        RequestId = "kill-" + i,
                        Rule = new ReplyRule { TriggerKind = TriggerKind.KeywordExact, Patterns = { "kw" + i }, Templates = { [""] = "r" + i }, Enabled = true },
                    }, BotServerApp.Admin);
                    lock (acknowledged)
                    {
                        acknowledged.Add(rule.RuleId);
                        if (acknowledged.Count == 50)
                        {
                            fiftyAcknowledged.SetResult();
                        }
                    }
                }
            });
            await fiftyAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));

            server.Kill();
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => writer);
        }

        await using var restarted = await BotServerProcess.StartAsync(_data);
        var after = new Contracts.V1.Merchants.MerchantsClient(restarted.Channel);
        var stored = new HashSet<string>();
        var page = new ListReplyRulesResponse { NextPageToken = "" };
        do
        {
            page = await after.ListReplyRulesAsync(new ListReplyRulesRequest { MerchantId = "demo", PageSize = 200, PageToken = page.NextPageToken }, BotServerApp.Admin);
            stored.UnionWith(page.Rules.Select(r => r.RuleId));
        }
        while (page.NextPageToken.Length > 0);

        Assert.Subset(stored, acknowledged.ToHashSet());
        Assert.InRange(stored.Count, acknowledged.Count, acknowledged.Count + 1);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
