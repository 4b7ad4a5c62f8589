using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Tests.Support;

public static class Messages
{
    public static ChatMessage To(string text, string user = "alice", string group = "g1", bool mentionsBot = true) => new()
    {
        Platform = "console",
        GroupId = group,
        MessageId = Guid.NewGuid().ToString("n"),
        Sender = new Sender { UserId = user, DisplayName = user },
        Text = text,
        MentionsBot = mentionsBot,
    };
}
