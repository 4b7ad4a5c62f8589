using System.Text.Json;
using ChatCommerce.BotServer.Errors;

namespace ChatCommerce.BotServer.Recommendations;

/// <summary>
/// The default gift priors every merchant starts with, read from Recommendations/gift-priors.json
/// (a data file that ships next to the binaries) and checked by the same rules as merchants'
/// priors, so a bad edit fails the start instead of a later recommendation.
/// </summary>
public sealed class BuiltInGiftPriors
{
    public static readonly string DefaultPath = Path.Combine(AppContext.BaseDirectory, "Recommendations", "gift-priors.json");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<(string Recipient, string Occasion), GiftPrior> _priors;

    public BuiltInGiftPriors() : this(DefaultPath)
    {
    }

    public BuiltInGiftPriors(string path)
    {
        var file = JsonSerializer.Deserialize<PriorFile>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no gift priors.");
        var violations = new Violations();
        _priors = [];
        for (var i = 0; i < file.Priors.Count; i++)
        {
            var entry = file.Priors[i];
            var prior = new GiftPrior(entry.Recipient, entry.Occasion, entry.Categories, entry.Tags, entry.ReasonZh, entry.ReasonEn);
            GiftPriorRules.Check(prior, $"priors[{i}].", violations);
            if (!_priors.TryAdd((prior.Recipient, prior.Occasion), prior))
            {
                violations.Add($"priors[{i}]", $"repeats {prior.Recipient}/{prior.Occasion}");
            }
        }
        if (violations.Any)
        {
            throw new InvalidDataException($"{path} is not valid: " + string.Join("; ", violations.ToList().Select(v => $"{v.Field}: {v.Description}")));
        }
        All = _priors.Values.OrderBy(p => p.Recipient, StringComparer.Ordinal).ThenBy(p => p.Occasion, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<GiftPrior> All { get; }

    public GiftPrior? Find(string recipient, string occasion) => _priors.GetValueOrDefault((recipient, occasion));

    private sealed class PriorFile
    {
        public List<PriorEntry> Priors { get; set; } = [];
    }

    private sealed class PriorEntry
    {
        public string Recipient { get; set; } = "";
        public string Occasion { get; set; } = "";
        public List<string> Categories { get; set; } = [];
        public List<string> Tags { get; set; } = [];
        public string ReasonZh { get; set; } = "";
        public string ReasonEn { get; set; } = "";
    }
}
