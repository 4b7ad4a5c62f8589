using ChatCommerce.BotServer.Storage;
using LiteDB;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// Merchants' gift priors in LiteDB. Every gift pick asks for its recipient's prior, and most
/// merchants have none of their own, so answers (misses too) are remembered; a write forgets its
/// key under the same lock that reads misses, so a read that overlaps a write is never remembered.
/// </summary>
public sealed class LiteDbGiftPriorStore : IGiftPriorStore
{
    private const int MaxRemembered = 10_000;

    private readonly LiteDbContext _db;
    private readonly RememberedReads<string, GiftPrior?> _found = new(new Lock(), MaxRemembered, StringComparer.Ordinal);

    public LiteDbGiftPriorStore(LiteDbContext db)
    {
        _db = db;
        db.Database.Mapper.ToDocument(new GiftPriorDocument());
        Priors.EnsureIndex(p => p.MerchantId);
    }

    private ILiteCollection<GiftPriorDocument> Priors => _db.Collection<GiftPriorDocument>("gift_priors");

    public IReadOnlyList<GiftPrior> List(string merchantId) =>
        Priors.Find(p => p.MerchantId == merchantId && !p.Deleted).Select(ToDomain).ToList();

    public GiftPrior? Find(string merchantId, string recipient, string occasion)
    {
        var key = Key(merchantId, recipient, occasion);
        return _found.Get(key, () => Priors.FindById(key) is { Deleted: false } document ? ToDomain(document) : null);
    }

    public void Upsert(GiftPrior prior, DateTime at) =>
        _found.Writing(Key(prior.MerchantId, prior.Recipient, prior.Occasion), () => _db.InTransaction(() => Priors.Upsert(new GiftPriorDocument
        {
            Id = Key(prior.MerchantId, prior.Recipient, prior.Occasion),
            MerchantId = prior.MerchantId,
            Recipient = prior.Recipient,
            Occasion = prior.Occasion,
            Categories = prior.Categories.ToList(),
            Tags = prior.Tags.ToList(),
            ReasonZh = prior.ReasonZh,
            ReasonEn = prior.ReasonEn,
            UpdatedAt = at,
        })));

    public GiftPrior? Delete(string merchantId, string recipient, string occasion, string requestId, DateTime at) =>
        _found.Writing(Key(merchantId, recipient, occasion), () => _db.InTransaction(() =>
        {
            var document = Priors.FindById(Key(merchantId, recipient, occasion));
            if (document is null)
            {
                return null;
            }
            if (document.Deleted)
            {
                // Only the request that removed it may see it again (a retried delete).
                return requestId.Length > 0 && requestId == document.DeletedByRequestId ? ToDomain(document) : null;
            }
            // A tombstone (one per recipient + occasion, so bounded) lets a retried delete answer alike.
            document.Deleted = true;
            document.DeletedByRequestId = requestId;
            document.UpdatedAt = at;
            Priors.Update(document);
            return ToDomain(document);
        }));

    private static string Key(string merchantId, string recipient, string occasion) => $"{merchantId}/{recipient}/{occasion}";

    private static GiftPrior ToDomain(GiftPriorDocument d) =>
        new(d.Recipient, d.Occasion, d.Categories, d.Tags, d.ReasonZh, d.ReasonEn) { MerchantId = d.MerchantId };
}

/// <summary>Storage shape of a merchant's gift prior.</summary>
public sealed class GiftPriorDocument
{
    /// <summary>"{merchantId}/{recipient}/{occasion}".</summary>
    public string Id { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string Occasion { get; set; } = "";
    public List<string> Categories { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string ReasonZh { get; set; } = "";
    public string ReasonEn { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public string DeletedByRequestId { get; set; } = "";
}
