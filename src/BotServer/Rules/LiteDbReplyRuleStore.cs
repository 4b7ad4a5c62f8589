using System.Globalization;
using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Rules;

public sealed class LiteDbReplyRuleStore : IReplyRuleStore
{
    private readonly LiteDbContext _db;

    public LiteDbReplyRuleStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new ReplyRule { Templates = { [""] = "warm-up" }, Cooldown = TimeSpan.FromSeconds(1) });
        Rules.EnsureIndex(r => r.MerchantId);
        Rules.EnsureIndex(r => r.CreateRequestId);
    }

    private ILiteCollection<ReplyRule> Rules => _db.Collection<ReplyRule>("reply_rules");

    public IReadOnlyList<ReplyRule> ListAll(string merchantId) => Rules.Find(r => r.MerchantId == merchantId).ToList();

    public ReplyRule? Find(string merchantId, string ruleId) => Rules.FindById(ReplyRule.KeyOf(merchantId, ruleId));

    public ReplyRule? FindByRequest(string merchantId, string requestId) =>
        Rules.FindOne(r => r.CreateRequestId == requestId && r.MerchantId == merchantId);

    public ReplyRule Save(ReplyRule rule) =>
        _db.InTransaction(() =>
        {
            if (rule.RuleId.Length == 0)
            {
                var highest = Rules.Find(r => r.MerchantId == rule.MerchantId)
                    .Select(r => int.TryParse(r.RuleId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                    .DefaultIfEmpty(0)
                    .Max();
                rule.RuleId = (highest + 1).ToString(CultureInfo.InvariantCulture);
            }
            rule.Id = ReplyRule.KeyOf(rule.MerchantId, rule.RuleId);
            Rules.Upsert(rule);
            return rule;
        });

    public ReplyRule? Delete(string merchantId, string ruleId) =>
        _db.InTransaction(() =>
        {
            var rule = Rules.FindById(ReplyRule.KeyOf(merchantId, ruleId));
            if (rule is not null)
            {
                Rules.Delete(rule.Id);
            }
            return rule;
        });
}
