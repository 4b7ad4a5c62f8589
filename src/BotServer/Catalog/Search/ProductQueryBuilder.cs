using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>
/// Builds the Lucene query for chat text, programmatically (user text is never parsed as query
/// syntax). The text becomes concepts; each concept is a disjunction of alternatives (the word,
/// its synonyms, its other spellings, a fuzzy variant) over the searched fields, so a product
/// scores by the best way it matches each concept, and by how many concepts it matches.
/// </summary>
public sealed class ProductQueryBuilder : IDisposable
{
    /// <summary>More concepts than this (from a long rambling message) add cost, not relevance.</summary>
    public const int MaxConcepts = 48;

    private const float TieBreaker = 0.1f;
    private const float SynonymWeight = 0.85f;
    private const float NearWeight = 0.9f;
    private const float FarWeight = 0.8f;
    private const float JoinedWeight = 0.5f;
    private const float BigramWeight = 0.35f;
    private const float BareNumberWeight = 0.5f;
    private const float FuzzyWeight = 0.4f;
    private const int FuzzyMinLength = 4;
    private const int FuzzyTwoEditsLength = 8;
    private const int MaxCorrections = 3;

    private static readonly string[] CorrectionFields = [ProductFields.Name, ProductFields.Category];

    private readonly ProductAnalyzer _analyzer;
    private readonly Dictionary<string, List<SynonymMember>> _synonymsByFirstTerm = new(StringComparer.Ordinal);

    public ProductQueryBuilder(ChineseSegmenter segmenter)
    {
        _analyzer = new ProductAnalyzer(AnalysisMode.Query, segmenter);
        for (var group = 0; group < SearchVocabulary.Synonyms.Count; group++)
        {
            var members = SearchVocabulary.Synonyms[group];
            var analysed = members.Select(m => Primaries(Analyze(m))).Where(p => p.Count > 0).ToList();
            var alternatives = analysed.SelectMany(AlternativesOf).Distinct(AlternativeComparer.Instance).ToList();
            foreach (var sequence in analysed)
            {
                var member = new SynonymMember(sequence.Select(t => t.Term).ToArray(), alternatives);
                if (!_synonymsByFirstTerm.TryGetValue(member.Terms[0], out var list))
                {
                    _synonymsByFirstTerm[member.Terms[0]] = list = [];
                }
                list.Add(member);
            }
        }
        foreach (var list in _synonymsByFirstTerm.Values)
        {
            list.Sort((a, b) => b.Terms.Length.CompareTo(a.Terms.Length));
        }
    }

    /// <summary>The query for the text, or null when nothing in it is a search term (then list popular products).</summary>
    public Query? Build(string text, IndexReader reader)
    {
        var concepts = Concepts(Analyze(text));
        if (concepts.Count == 0)
        {
            return null;
        }
        var query = new BooleanQuery(disableCoord: true);
        foreach (var concept in concepts.Take(MaxConcepts))
        {
            query.Add(ToQuery(concept, reader), Occur.SHOULD);
        }
        return query;
    }

    public void Dispose() => _analyzer.Dispose();

    /// <summary>The analysed query tokens, for tests and diagnostics.</summary>
    public IReadOnlyList<(string Term, string Kind)> Tokens(string text) => Analyze(text).Select(t => (t.Term, t.Kind)).ToList();

    private List<Concept> Concepts(List<QueryToken> tokens)
    {
        var concepts = new List<Concept>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(Concept concept)
        {
            if (seen.Add(concept.Key))
            {
                concepts.Add(concept);
            }
        }
        var primaries = Primaries(tokens);
        var consumed = new HashSet<int>();
        // Synonyms first, longest member first, over the sequence of primary tokens.
        for (var i = 0; i < primaries.Count; i++)
        {
            if (!_synonymsByFirstTerm.TryGetValue(primaries[i].Term, out var members))
            {
                continue;
            }
            foreach (var member in members)
            {
                if (i + member.Terms.Length > primaries.Count || !member.Terms.Select((t, k) => primaries[i + k].Term == t).All(b => b))
                {
                    continue;
                }
                var matched = string.Join(' ', member.Terms);
                Add(new Concept(member.Alternatives.Select(a => a with { Weight = string.Join(' ', a.Terms) == matched ? 1f : SynonymWeight }).ToList(), false));
                for (var k = 0; k < member.Terms.Length; k++)
                {
                    consumed.Add(primaries[i + k].Index);
                }
                i += member.Terms.Length - 1;
                break;
            }
        }
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.PositionIncrement == 0 || consumed.Contains(i))
            {
                if (token.Kind == TokenKinds.Bigram && !consumed.Contains(i))
                {
                    Add(Concept.Single(token.Term, BigramWeight));
                }
                continue;
            }
            var primaryWeight = token.Kind == TokenKinds.Joined ? JoinedWeight : token.Kind == TokenKinds.Word && IsNumber(token.Term) ? BareNumberWeight : 1f;
            var alternatives = new List<Alternative> { new([token.Term], primaryWeight) };
            for (var j = i + 1; j < tokens.Count && tokens[j].PositionIncrement == 0; j++)
            {
                var weight = tokens[j].Kind switch
                {
                    TokenKinds.Same => 1f,
                    TokenKinds.Near => NearWeight,
                    TokenKinds.Far => FarWeight,
                    _ => 0f,
                };
                if (weight > 0)
                {
                    alternatives.Add(new Alternative([tokens[j].Term], weight * primaryWeight));
                }
            }
            Add(new Concept(alternatives, token.Kind == TokenKinds.Word && IsLatinWord(token.Term)));
        }
        return concepts;
    }

    private static Query ToQuery(Concept concept, IndexReader reader)
    {
        var disjunction = new DisjunctionMaxQuery(TieBreaker);
        foreach (var alternative in concept.Alternatives)
        {
            foreach (var (field, boost) in ProductFields.Searched)
            {
                Query query;
                if (alternative.Terms.Length == 1)
                {
                    query = new TermQuery(new Term(field, alternative.Terms[0]));
                }
                else
                {
                    var all = new BooleanQuery(disableCoord: true);
                    foreach (var term in alternative.Terms)
                    {
                        all.Add(new TermQuery(new Term(field, term)), Occur.MUST);
                    }
                    query = all;
                }
                query.Boost = boost * alternative.Weight;
                disjunction.Add(query);
            }
        }
        if (concept.MayBeMisspelt)
        {
            AddFuzzy(concept.Alternatives[0].Terms[0], disjunction, reader);
        }
        return disjunction;
    }

    /// <summary>
    /// A latin word the catalog does not contain at all may be a typo: its nearest spellings among
    /// the names and categories (at most <see cref="MaxCorrections"/>, 1 edit, 2 for long words)
    /// join the concept as alternatives, well below an exact match. Looked up once per query, then
    /// searched as plain terms in every field, which costs far less than a fuzzy query per field.
    /// </summary>
    private static void AddFuzzy(string term, DisjunctionMaxQuery disjunction, IndexReader reader)
    {
        if (term.Length < FuzzyMinLength || ProductFields.Searched.Any(f => reader.DocFreq(new Term(f.Field, term)) > 0))
        {
            return;
        }
        var edits = term.Length >= FuzzyTwoEditsLength ? 2 : 1;
        var corrections = new Dictionary<string, float>(StringComparer.Ordinal);
        // Shared, so the Levenshtein automata (costly for two edits) are built once for both fields.
        var automata = new AttributeSource();
        foreach (var field in CorrectionFields)
        {
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null)
            {
                continue;
            }
            var near = new FuzzyTermsEnum(terms, automata, new Term(field, term), edits, prefixLength: 1, transpositions: true);
            var similarity = near.Attributes.AddAttribute<IBoostAttribute>();
            while (near.MoveNext())
            {
                var text = near.Term.Utf8ToString();
                corrections[text] = Math.Max(corrections.GetValueOrDefault(text), similarity.Boost);
            }
        }
        foreach (var (correction, similarity) in corrections.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(MaxCorrections))
        {
            foreach (var (field, boost) in ProductFields.Fuzzy)
            {
                disjunction.Add(new TermQuery(new Term(field, correction)) { Boost = boost * FuzzyWeight * similarity });
            }
        }
    }

    private static bool IsLatinWord(string term) => term.All(char.IsAsciiLetterLower);

    // A bare number may be a price, a model number or a quantity: weak evidence on its own.
    private static bool IsNumber(string term) => term.All(c => char.IsAsciiDigit(c) || c == '.');

    private List<QueryToken> Analyze(string text)
    {
        var tokens = new List<QueryToken>();
        using var stream = _analyzer.GetTokenStream("query", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(new QueryToken(tokens.Count, term.ToString(), type.Type, increment.PositionIncrement));
        }
        stream.End();
        return tokens;
    }

    /// <summary>The tokens that advance the position: words, measures, joined forms (not bigrams or alternatives).</summary>
    private static List<QueryToken> Primaries(List<QueryToken> tokens) => tokens.Where(t => t.PositionIncrement > 0).ToList();

    /// <summary>"off-road" may appear joined ("offroad") or as its parts; anything else as all its words.</summary>
    private static IEnumerable<Alternative> AlternativesOf(List<QueryToken> sequence)
    {
        if (sequence.Count > 1 && sequence[0].Kind == TokenKinds.Joined)
        {
            yield return new Alternative([sequence[0].Term], 1f);
            yield return new Alternative(sequence.Skip(1).Select(t => t.Term).ToArray(), 1f);
        }
        else
        {
            yield return new Alternative(sequence.Select(t => t.Term).ToArray(), 1f);
        }
    }

    private sealed record QueryToken(int Index, string Term, string Kind, int PositionIncrement);

    private sealed record SynonymMember(string[] Terms, List<Alternative> Alternatives);

    private sealed record Alternative(string[] Terms, float Weight);

    private sealed record Concept(List<Alternative> Alternatives, bool MayBeMisspelt)
    {
        public string Key { get; } = string.Join('|', Alternatives.Select(a => string.Join(' ', a.Terms)));

        public static Concept Single(string term, float weight) => new([new Alternative([term], weight)], false);
    }

    private sealed class AlternativeComparer : IEqualityComparer<Alternative>
    {
        public static readonly AlternativeComparer Instance = new();

        public bool Equals(Alternative? x, Alternative? y) => x is not null && y is not null && x.Terms.SequenceEqual(y.Terms);

        public int GetHashCode(Alternative obj) => string.Join(' ', obj.Terms).GetHashCode(StringComparison.Ordinal);
    }
}
