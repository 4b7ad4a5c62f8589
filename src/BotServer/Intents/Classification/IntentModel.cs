namespace ChatCommerce.BotServer.Intents.Classification;

/// <summary>
/// The trained intent classifier, built once at start from the readable examples file
/// (Intents/Data/intent-examples.tsv: intent, language, text per line).
/// </summary>
public sealed class IntentModel
{
    public static readonly string DefaultExamplesPath = Path.Combine(AppContext.BaseDirectory, "Intents", "Data", "intent-examples.tsv");

    private static readonly Lazy<IntentModel> Shared = new(() => new IntentModel(LoadExamples(DefaultExamplesPath)));

    /// <summary>The model trained from the shipped examples, trained once per process.</summary>
    public static IntentModel Default => Shared.Value;

    public IntentModel(IReadOnlyList<IntentExample> examples)
    {
        if (examples.Count == 0)
        {
            throw new InvalidOperationException("No intent examples to train on.");
        }
        Examples = examples;
        Classifier = IntentClassifier.Train(examples.Select(e => (e.Intent, TextFeatures.Of(TextNormalizer.Normalize(e.Text)))).ToList());
    }

    public IntentClassifier Classifier { get; }

    public IReadOnlyList<IntentExample> Examples { get; }

    public static IReadOnlyList<IntentExample> LoadExamples(string path)
    {
        var examples = new List<IntentExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length != 3 || !IntentNames.All.Contains(parts[0]) || parts[1] is not ("zh" or "en"))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'intent<TAB>zh|en<TAB>text' with a known intent");
            }
            examples.Add(new IntentExample(parts[0], parts[1], parts[2]));
        }
        return examples;
    }
}
