using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatCommerce.BotServer.Catalog.Search;

public enum AnalysisMode
{
    /// <summary>Short product fields: words (with HMM for unknown names), dictionary sub-words, bigrams, measures.</summary>
    Index,

    /// <summary>Long product text (descriptions): words only, without the HMM (3x the cost), no sub-words or bigrams.</summary>
    IndexLongText,

    /// <summary>Chat text: filler words dropped, bigrams only inside the remaining words, people counts read as seats.</summary>
    Query,
}

/// <summary>What a token is; queries weigh kinds differently.</summary>
public static class TokenKinds
{
    /// <summary>A word: a jieba word, a latin word, a bare number.</summary>
    public const string Word = "word";

    /// <summary>A number with its canonical unit: 14inch, 8gb, 7seat.</summary>
    public const string Measure = "measure";

    /// <summary>Another spelling of the token before it, as good as it ("8g" for "8gb").</summary>
    public const string Same = "same";

    /// <summary>A weaker alternative of the token before it (7seat after "6 people" → 6seat).</summary>
    public const string Near = "near";

    /// <summary>A still weaker alternative of the token before it.</summary>
    public const string Far = "far";

    /// <summary>The parts of a hyphenated or dotted word written together: "wh-1000xm5" → wh1000xm5.</summary>
    public const string Joined = "joined";

    /// <summary>A dictionary word inside a longer word (index only): 笔记本电脑 → 笔记本, 电脑.</summary>
    public const string SubWord = "sub";

    /// <summary>Two adjacent Chinese characters; the safety net for words jieba cuts differently.</summary>
    public const string Bigram = "bigram";

    /// <summary>The bare number of a measure (index only), so "14" finds 14英寸.</summary>
    public const string Number = "number";
}

/// <summary>One token before stemming. <paramref name="Stem"/> is false for Chinese, numbers, measures and codes.</summary>
public readonly record struct SearchToken(string Term, string Kind, int PositionIncrement, bool Stem);

/// <summary>
/// Splits product or chat text into search tokens: measures first (numbers with units, seat and
/// people counts), then Chinese runs through jieba and latin words split at hyphens and dots.
/// Pure and thread-safe; stemming and possessives are left to the Lucene filters after it.
/// </summary>
public static class SearchTokens
{
    private const string CountWords = "[一二两三四五六七八九十]|one|two|three|four|five|six|seven|eight|nine|ten";

    /// <summary>Texts up to this long are remembered within a bulk write: brands, category paths, tags and attribute values repeat across a catalog.</summary>
    private const int MaxRememberedTextLength = 256;

    private const int MaxRememberedTexts = 50_000;

    private static readonly Regex MeasurePattern = BuildMeasurePattern();

    [ThreadStatic]
    private static Dictionary<(string Text, AnalysisMode Mode), (int Version, SearchToken[] Tokens)>? t_remembered;

    /// <summary>
    /// Remembers analysed texts on this thread until disposed: a bulk index build analyses the
    /// same short texts again and again, and the memory is given back when it ends.
    /// </summary>
    public static IDisposable RememberOnThisThread()
    {
        var outer = t_remembered;
        t_remembered ??= new Dictionary<(string, AnalysisMode), (int, SearchToken[])>();
        return new Scope(outer);
    }

    public static IReadOnlyList<SearchToken> Of(string? text, AnalysisMode mode, ChineseSegmenter segmenter)
    {
        var remembered = t_remembered;
        if (remembered is null || string.IsNullOrEmpty(text) || text.Length > MaxRememberedTextLength)
        {
            return Analyse(text, mode, segmenter);
        }
        var version = segmenter.Version;
        if (remembered.TryGetValue((text, mode), out var known) && known.Version == version)
        {
            return known.Tokens;
        }
        var tokens = Analyse(text, mode, segmenter).ToArray();
        if (remembered.Count >= MaxRememberedTexts)
        {
            remembered.Clear();
        }
        remembered[(text, mode)] = (version, tokens);
        return tokens;
    }

    private sealed class Scope(Dictionary<(string, AnalysisMode), (int, SearchToken[])>? outer) : IDisposable
    {
        public void Dispose() => t_remembered = outer;
    }

    private static List<SearchToken> Analyse(string? text, AnalysisMode mode, ChineseSegmenter segmenter)
    {
        var tokens = new List<SearchToken>();
        var normalized = SearchText.Normalize(text);
        if (normalized.Length == 0)
        {
            return tokens;
        }
        var at = 0;
        foreach (var match in Measures(normalized))
        {
            Plain(normalized[at..match.Index], mode, segmenter, tokens);
            Measure(match, mode, tokens);
            at = match.Index + match.Length;
        }
        Plain(normalized[at..], mode, segmenter, tokens);
        return tokens;
    }

    private static List<Match> Measures(string text)
    {
        // Most product texts hold no number at all; they skip the pattern.
        if (!MayHoldMeasures(text))
        {
            return [];
        }
        try
        {
            return MeasurePattern.Matches(text).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological input: searched as plain words rather than failing the search.
            return [];
        }
    }

    private static bool MayHoldMeasures(string text) =>
        text.AsSpan().IndexOfAnyInRange('0', '9') >= 0
        || text.AsSpan().IndexOfAny(CountUnitChars) >= 0
        || CountUnitWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static readonly System.Buffers.SearchValues<char> CountUnitChars = System.Buffers.SearchValues.Create("座人");

    private static readonly string[] CountUnitWords = ["seat", "people", "person", "passenger", "adult"];

    private static void Measure(Match match, AnalysisMode mode, List<SearchToken> tokens)
    {
        var query = mode == AnalysisMode.Query;
        if (match.Groups["seats"].Success || match.Groups["people"].Success)
        {
            var count = Count(match.Groups["count"].Value);
            if (count is null)
            {
                return;
            }
            var digits = count.Value.ToString(CultureInfo.InvariantCulture);
            if (match.Groups["seats"].Success)
            {
                tokens.Add(new SearchToken($"{count}seat", TokenKinds.Measure, 1, false));
                if (!query)
                {
                    tokens.Add(new SearchToken(digits, TokenKinds.Number, 0, false));
                }
                return;
            }
            if (!query)
            {
                tokens.Add(new SearchToken(digits, TokenKinds.Word, 1, false));
                return;
            }
            // "6个人坐" / "6 people": any car with at least that many seats will do, the closest best.
            tokens.Add(new SearchToken($"{count}seat", TokenKinds.Measure, 1, false));
            tokens.Add(new SearchToken($"{count + 1}seat", TokenKinds.Near, 0, false));
            tokens.Add(new SearchToken($"{count + 2}seat", TokenKinds.Far, 0, false));
            return;
        }
        var number = SearchText.CanonicalNumber(match.Groups["number"].Value);
        var unit = match.Groups["unit"];
        if (!unit.Success)
        {
            tokens.Add(new SearchToken(number, TokenKinds.Word, 1, false));
            return;
        }
        var unitText = unit.Value;
        if (SearchVocabulary.MoneyUnits.Contains(unitText))
        {
            if (unitText[0] == '万' && decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var tenThousands) && tenThousands < 1_000_000_000m)
            {
                // Chinese catalogs often quote prices in 万 without the unit, so the bare figure stays as an alternative.
                tokens.Add(new SearchToken(SearchText.CanonicalNumber((tenThousands * 10000).ToString(CultureInfo.InvariantCulture)), TokenKinds.Word, 1, false));
                tokens.Add(new SearchToken(number, TokenKinds.Near, 0, false));
            }
            else
            {
                tokens.Add(new SearchToken(number, TokenKinds.Word, 1, false));
            }
            return;
        }
        var canonical = SearchVocabulary.Units[unitText];
        tokens.Add(new SearchToken(number + canonical, TokenKinds.Measure, 1, false));
        if (SearchVocabulary.AmbiguousUnits.Contains(unitText))
        {
            tokens.Add(new SearchToken(number + unitText, TokenKinds.Same, 0, false));
        }
        if (!query)
        {
            tokens.Add(new SearchToken(number, TokenKinds.Number, 0, false));
        }
    }

    private static int? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (n is > 0 and <= 100 ? n : null)
        : SearchVocabulary.CountWords.TryGetValue(text, out var word) ? word : null;

    /// <summary>Text without measures: Chinese runs, latin words, and everything else as separators.</summary>
    private static void Plain(string text, AnalysisMode mode, ChineseSegmenter segmenter, List<SearchToken> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (SearchText.IsChinese(c))
            {
                var start = i;
                while (i < text.Length && SearchText.IsChinese(text[i]))
                {
                    i++;
                }
                Chinese(text[start..i], mode, segmenter, tokens);
            }
            else if (IsWordChar(text, i))
            {
                var start = i;
                while (i < text.Length && (IsWordChar(text, i) || (IsConnector(text[i]) && i + 1 < text.Length && IsWordChar(text, i + 1))))
                {
                    i += char.IsSurrogatePair(text, i) ? 2 : 1;
                }
                Latin(text[start..i], mode, tokens);
            }
            else
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }
        }
    }

    private static bool IsWordChar(string text, int i) =>
        char.IsSurrogatePair(text, i)
            ? Rune.IsLetterOrDigit(Rune.GetRuneAt(text, i))
            : !SearchText.IsChinese(text[i]) && !char.IsSurrogate(text[i]) && char.IsLetterOrDigit(text[i]);

    private static bool IsConnector(char c) => c is '-' or '_' or '.' or '/' or '\'' or '’' or '·';

    /// <summary>"wh-1000xm5" → wh, 1000xm5, wh1000xm5; "2.0tsi" stays whole; "sony's" keeps its 's for the possessive filter.</summary>
    private static void Latin(string chunk, AnalysisMode mode, List<SearchToken> tokens)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        for (var i = 0; i < chunk.Length; i++)
        {
            var c = chunk[i];
            var keep = !IsConnector(c)
                || (c == '.' && i > 0 && char.IsAsciiDigit(chunk[i - 1]) && i + 1 < chunk.Length && char.IsAsciiDigit(chunk[i + 1]))
                || (c is '\'' or '’' && i + 1 < chunk.Length && chunk[i + 1] == 's' && (i + 2 == chunk.Length || IsConnector(chunk[i + 2])));
            if (keep)
            {
                part.Append(c);
            }
            else if (part.Length > 0)
            {
                parts.Add(part.ToString());
                part.Clear();
            }
        }
        if (part.Length > 0)
        {
            parts.Add(part.ToString());
        }
        var query = mode == AnalysisMode.Query;
        var words = new List<SearchToken>(parts.Count);
        foreach (var word in parts)
        {
            if ((word.Length < 2 && !char.IsDigit(word[0])) || (query && SearchVocabulary.StopWords.Contains(word)))
            {
                continue;
            }
            var hasDigit = word.Any(char.IsDigit);
            var term = hasDigit && IsNumber(word) ? SearchText.CanonicalNumber(word) : word;
            words.Add(new SearchToken(term, TokenKinds.Word, 1, !hasDigit));
        }
        if (parts.Count > 1 && words.Count > 0)
        {
            // First, so a synonym such as "off-road" matches the joined form as well as the parts.
            var joined = string.Concat(parts).Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal);
            if (joined.Length >= 3)
            {
                tokens.Add(new SearchToken(joined, TokenKinds.Joined, 1, false));
            }
        }
        tokens.AddRange(words);
    }

    private static bool IsNumber(string word) => word.All(c => char.IsAsciiDigit(c) || c == '.');

    private static void Chinese(string run, AnalysisMode mode, ChineseSegmenter segmenter, List<SearchToken> tokens)
    {
        if (run.Length == 1)
        {
            if (mode != AnalysisMode.Query || !SearchVocabulary.StopWords.Contains(run))
            {
                tokens.Add(new SearchToken(run, TokenKinds.Word, 1, false));
            }
            return;
        }
        var words = segmenter.Cut(run, hmm: mode != AnalysisMode.IndexLongText);
        if (mode == AnalysisMode.Query)
        {
            ChineseQuery(words, tokens);
            return;
        }
        if (mode == AnalysisMode.IndexLongText)
        {
            // Descriptions are most of the text and count least: words only keeps the index build fast.
            foreach (var word in words)
            {
                tokens.Add(new SearchToken(word, TokenKinds.Word, 1, false));
            }
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            tokens.Add(new SearchToken(word, TokenKinds.Word, 1, false));
            seen.Add(word);
            if (word.Length < 3)
            {
                continue;
            }
            for (var length = 2; length <= 3 && length < word.Length; length++)
            {
                for (var i = 0; i + length <= word.Length; i++)
                {
                    var sub = word.Substring(i, length);
                    if (!seen.Contains(sub) && segmenter.IsWord(sub) && seen.Add(sub))
                    {
                        tokens.Add(new SearchToken(sub, TokenKinds.SubWord, 0, false));
                    }
                }
            }
        }
        Bigrams(run, seen, tokens);
    }

    /// <summary>Words minus filler; bigrams only within each stretch of remaining words, so filler makes no noise bigrams.</summary>
    private static void ChineseQuery(IReadOnlyList<string> words, List<SearchToken> tokens)
    {
        var stretch = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (SearchVocabulary.StopWords.Contains(word))
            {
                Bigrams(stretch.ToString(), seen, tokens);
                stretch.Clear();
                continue;
            }
            tokens.Add(new SearchToken(word, TokenKinds.Word, 1, false));
            seen.Add(word);
            stretch.Append(word);
        }
        Bigrams(stretch.ToString(), seen, tokens);
    }

    private static void Bigrams(string run, HashSet<string> seen, List<SearchToken> tokens)
    {
        for (var i = 0; i + 2 <= run.Length; i++)
        {
            var bigram = run.Substring(i, 2);
            if (seen.Add(bigram))
            {
                tokens.Add(new SearchToken(bigram, TokenKinds.Bigram, 0, false));
            }
        }
    }

    private static Regex BuildMeasurePattern()
    {
        static string Alternation(IEnumerable<string> words) =>
            string.Join("|", words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Select(Regex.Escape));
        var seatUnits = SearchVocabulary.Units.Where(u => u.Value == "seat").Select(u => u.Key);
        var otherUnits = SearchVocabulary.Units.Where(u => u.Value != "seat").Select(u => u.Key).Concat(SearchVocabulary.MoneyUnits);
        // Digits glued to latin letters are model codes ("g3", "rtx3060"), not quantities.
        var pattern =
            $@"(?<![a-z0-9.])(?<seats>(?<count>\d+|{CountWords})\s*-?\s*(?:{Alternation(seatUnits)})(?![a-z]))"
            + $@"|(?<![a-z0-9.])(?<people>(?<count>\d+|{CountWords})\s*(?:个人|人|people|persons|person|passengers|adults)(?![a-z]|座))"
            + $@"|(?<![a-z0-9.,])(?<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*-?\s*(?<unit>{Alternation(otherUnits)})(?![a-z])"
            + @"|(?<![a-z0-9.,])(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![0-9])";
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }
}
