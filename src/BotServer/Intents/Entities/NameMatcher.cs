namespace ChatCommerce.BotServer.Intents.Entities;

/// <summary>
/// Finds known names in normalised text in one left-to-right pass: a character trie, the longest
/// name at each position first, matches never overlapping. Chinese names match anywhere; a Latin
/// name's ends must not run on into a word ("hp" is not in "php", "t13" not in "t130"), though a
/// digit may touch a letter ("iphone16"). Cost is the text length times the longest name that
/// starts at each position, whatever the number of names.
/// </summary>
/// <remarks>
/// The trie's edges live in one dictionary keyed by (node, character), not in a dictionary per node:
/// a 100k-product catalog has ~630k nodes, and a dictionary each cost ~100 MB where one costs ~20 MB.
/// </remarks>
public sealed class NameMatcher<T>
{
    private readonly Dictionary<long, int> _edges = [];
    private readonly List<T?> _values = [default];
    private readonly List<bool> _terminal = [false];

    public NameMatcher(IEnumerable<KeyValuePair<string, T>> names)
    {
        foreach (var (name, value) in names)
        {
            Add(name, value);
        }
    }

    public int Count { get; private set; }

    /// <summary>Non-overlapping matches, left to right, each the longest name starting where it starts.</summary>
    public IEnumerable<(int Start, int End, T Value)> Matches(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var (end, node) = Longest(text, start);
            if (end > start)
            {
                yield return (start, end, _values[node]!);
                start = end;
            }
            else
            {
                start++;
            }
        }
    }

    private void Add(string name, T value)
    {
        if (name.Length == 0)
        {
            return;
        }
        var node = 0;
        foreach (var c in name)
        {
            ref var next = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_edges, Edge(node, c), out var exists);
            if (!exists)
            {
                next = _terminal.Count;
                _values.Add(default);
                _terminal.Add(false);
            }
            node = next;
        }
        if (!_terminal[node])
        {
            Count++;
        }
        _terminal[node] = true;
        _values[node] = value;
    }

    /// <summary>The end of the longest name at <paramref name="start"/> whose ends sit on word boundaries, or start.</summary>
    private (int End, int Node) Longest(string text, int start)
    {
        if (start > 0 && RunsOn(text[start - 1], text[start]))
        {
            return (start, 0);
        }
        var node = 0;
        var best = (start, 0);
        for (var i = start; i < text.Length; i++)
        {
            if (!_edges.TryGetValue(Edge(node, text[i]), out node))
            {
                break;
            }
            if (_terminal[node] && (i + 1 == text.Length || !RunsOn(text[i], text[i + 1])))
            {
                best = (i + 1, node);
            }
        }
        return best;
    }

    private static long Edge(int node, char c) => ((long)node << 16) | c;

    /// <summary>Two neighbouring characters belong to one Latin word: both letters, or both digits.</summary>
    private static bool RunsOn(char a, char b) =>
        (IsLatinLetter(a) && IsLatinLetter(b)) || (char.IsAsciiDigit(a) && char.IsAsciiDigit(b));

    private static bool IsLatinLetter(char c) => c < 0x2E80 && char.IsLetter(c);
}
