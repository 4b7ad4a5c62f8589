using ChatCommerce.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatCommerce.Bench.Memory;

/// <summary>
/// A day in many shopping groups, as a deterministic stream: message <c>i</c> goes to group
/// <c>i % groups</c> and is line <c>(i / groups + group) % 10</c> of a ten-line script, so each
/// pass over the groups touches every group once and every ten passes each group has said every
/// line. Seven lines in ten are chatter nobody addressed to the bot; three are shopping lines
/// addressed to it (a recommendation, "第N个多少钱" about the last list, a gift question or, every
/// other time round, a group buy that the chatter's "+1" and "我也要" then join). Texts carry
/// numbers and names, so no two groups say quite the same thing and caches keyed by text see
/// real variety. Every group leaves a last list, a history, pending questions, signals and teams.
/// </summary>
public sealed class GroupChatter(int groups)
{
    public const string Platform = "bench";

    /// <summary>Lines of the script; also how many passes over the groups make one full round.</summary>
    public const int ScriptLength = 10;

    /// <summary>People per group; who speaks rotates through them.</summary>
    private const int Members = 12;

    private static readonly string[] Names = ["小王", "阿杰", "琳琳", "老张", "Mia", "大刘", "小美", "Tom", "胖虎", "静静"];
    private static readonly string[] Things = ["蓝牙耳机", "保温杯", "口红", "跑步鞋", "电动牙刷", "笔记本电脑", "扫地机器人", "蓝牙音箱", "空气炸锅", "机械键盘"];
    private static readonly int[] Budgets = [100, 200, 300, 500, 800, 1000, 2000, 5000];
    private static readonly string[] Recipients = ["我妈", "女朋友", "爸爸", "老师", "闺蜜", "同事", "长辈", "老公"];
    private static readonly string[] Occasions = ["生日", "新年", "结婚纪念日", "母亲节", "毕业", "乔迁"];
    private static readonly string[] Chatter =
    [
        "{name}今晚{n}点吃火锅吗",
        "哈哈哈哈 {name}你太逗了",
        "刚下班，路上堵了{n}分钟",
        "明天{n}点开会别忘了",
        "周末去哪玩？{name}有推荐的地方没",
        "[图片]",
        "好的👌",
        "今天好热，{n}度了",
        "{name}发的链接打不开",
        "收到",
    ];

    public int Groups { get; } = groups;

    public static string GroupId(int group) => $"g{group:D5}";

    /// <summary>The group every fourth of which is bound proactive (the bot also answers confident shopping talk there).</summary>
    public static bool IsProactive(int group) => group % 4 == 0;

    public ChatMessage Message(long i, DateTimeOffset sentAt)
    {
        var group = (int)(i % Groups);
        var pass = i / Groups;
        var line = (int)((pass + group) % ScriptLength);
        var round = (pass + group) / ScriptLength;
        var n = (int)((i * 7919) % 1000);
        var user = $"u{(pass * 5 + group) % Members}";
        var (text, addressed) = line switch
        {
            1 => ($"推荐一款{Pick(Budgets, n)}元以内的{Pick(Things, n / 10)}", true),
            3 => ($"第{1 + (n % 3)}个多少钱", true),
            4 => ("+1", false),
            6 when round % 2 == 1 => ("拼第1个，3人团", true),
            6 when n % 3 == 0 => ($"送{Pick(Recipients, n)}什么礼物好", true),
            6 => ($"想给{Pick(Recipients, n)}挑个{Pick(Occasions, n / 10)}礼物，{Pick(Budgets, n / 100)}以内", true),
            7 => ("包邮吗", false),
            8 => ("我也要", false),
            _ => (Pick(Chatter, n / 3).Replace("{name}", Pick(Names, n), StringComparison.Ordinal).Replace("{n}", $"{n % 60}", StringComparison.Ordinal), false),
        };
        return new ChatMessage
        {
            Platform = Platform,
            GroupId = GroupId(group),
            MessageId = $"m{i}",
            Sender = new Sender { UserId = $"{GroupId(group)}-{user}", DisplayName = user },
            Text = text,
            MentionsBot = addressed,
            SentAt = Timestamp.FromDateTimeOffset(sentAt),
        };
    }

    /// <summary>The mix in words, for the docs.</summary>
    public static string Describe() =>
        "ten lines per group in turn — chatter (\"今晚N点吃火锅吗\", \"[图片]\", …), \"推荐一款N元以内的<thing>\" (addressed), chatter, \"第N个多少钱\" (addressed), \"+1\", chatter, "
        + "a gift question (\"想给我妈挑个生日礼物，300以内\" or \"送女朋友什么礼物好\", addressed) or every other round \"拼第1个，3人团\" (addressed), \"包邮吗\" (a reply rule; answered in proactive groups), \"我也要\", chatter — "
        + "so 30 % of messages are addressed; 12 members per group take turns";

    private static T Pick<T>(T[] items, int n) => items[n % items.Length];
}
