using System.Text.RegularExpressions;
using ChatCommerce.BotServer.Intents;

namespace ChatCommerce.BotServer.Rules;

/// <summary>
/// A rule's trigger, compiled once per rule version. Regexes run on .NET's non-backtracking engine
/// when the pattern allows it (linear time: "(a+)+$" cannot stall a reply); patterns that need
/// backtracking features (look-arounds, back-references) run with a match timeout instead.
/// </summary>
public sealed class RuleTrigger
{
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly TriggerKind _kind;
    private readonly string[] _keywords;
    private readonly Regex? _regex;

    private RuleTrigger(TriggerKind kind, string[] keywords, Regex? regex)
    {
        _kind = kind;
        _keywords = keywords;
        _regex = regex;
    }

    /// <summary>Compiles the trigger, or throws <see cref="ArgumentException"/> for a pattern .NET refuses.</summary>
    public static RuleTrigger Compile(TriggerKind kind, IReadOnlyList<string> patterns) => kind switch
    {
        TriggerKind.Regex => new RuleTrigger(kind, [], CompileRegex(patterns[0])),
        TriggerKind.Intent => new RuleTrigger(kind, [patterns[0]], null),
        _ => new RuleTrigger(kind, patterns.Select(p => TextNormalizer.Normalize(p).Trim()).ToArray(), null),
    };

    private static Regex CompileRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, Options | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Options, RegexTimeout);
        }
    }

    /// <summary>True when the message fires the trigger. A regex that runs out of time is no match.</summary>
    public bool Matches(string text, string normalisedText, string intent) => _kind switch
    {
        TriggerKind.Intent => intent == _keywords[0],
        TriggerKind.Regex => RegexMatches(text),
        TriggerKind.KeywordExact => _keywords.Any(k => Trimmed(normalisedText).Equals(k, StringComparison.Ordinal)),
        _ => _keywords.Any(k => Contains(normalisedText, k)),
    };

    private bool RegexMatches(string text)
    {
        try
        {
            return _regex!.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // "运费?" and "运费！" both equal the keyword "运费".
    private static ReadOnlySpan<char> Trimmed(string text) => text.AsSpan().Trim().TrimEnd("?!.。？！~～ ");

    // Latin keywords match whole words ("ship" not in "relationship"); Chinese ones anywhere.
    private static bool Contains(string text, string keyword)
    {
        for (var at = text.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(keyword, at + 1, StringComparison.Ordinal))
        {
            var end = at + keyword.Length;
            var startOk = at == 0 || !IsLatinWordChar(text[at - 1]) || !IsLatinWordChar(keyword[0]);
            var endOk = end == text.Length || !IsLatinWordChar(text[end]) || !IsLatinWordChar(keyword[^1]);
            if (startOk && endOk)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsLatinWordChar(char c) => char.IsAsciiLetterOrDigit(c);
}
