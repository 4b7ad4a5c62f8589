namespace ChatCommerce.BotServer.Llm;

/// <summary>What the group-buy functions say until the group-buy feature exists.</summary>
public static class GroupBuyAnswers
{
    public static string NotAvailableYet(string language) => language == "en"
        ? "Group buys are not available yet, so I can't start, join or check one for now. Ask me about products or picks in the meantime!"
        : "拼团功能还没上线，暂时不能开团、参团或查看拼团进度。可以先问我商品或者让我推荐哦～";
}
