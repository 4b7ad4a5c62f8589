using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JiebaNet.Segmenter;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>
/// Chinese word segmentation (jieba.NET) that learns the catalog's own words. jieba keeps its
/// dictionary in a process-wide static, so there is exactly one of these per process
/// (<see cref="Shared"/>): merchants' words are shared for segmentation only, never for results.
/// Cuts run concurrently; adding words excludes them, because jieba's dictionary is a plain
/// <see cref="Dictionary{TKey,TValue}"/> that must not be read while it grows.
/// </summary>
public sealed class ChineseSegmenter
{
    /// <summary>Where the build copies jieba's dictionaries, under the application's base directory.</summary>
    public const string DictionaryFolder = "jieba";

    /// <summary>Longest catalog word taught to jieba; longer runs are phrases, not names.</summary>
    public const int MaxUserWordLength = 8;

    /// <summary>Runs up to this long are remembered once cut: catalogs repeat short texts (colours, tags, brands) endlessly.</summary>
    private const int MaxRememberedRunLength = 12;

    private const int MaxRememberedRuns = 50_000;

    private static readonly Lazy<ChineseSegmenter> Instance = new(() => new ChineseSegmenter(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly JiebaSegmenter _jieba;
    private readonly WordDictionary _dictionary;
    private readonly ConcurrentDictionary<string, string[]> _cutsWithHmm = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _cutsWithoutHmm = new(StringComparer.Ordinal);
    private int _version;

    private ChineseSegmenter()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, DictionaryFolder);
        if (!File.Exists(Path.Combine(directory, "dict.txt")))
        {
            throw new InvalidOperationException(
                $"jieba dictionaries are missing from {directory}; BotServer.csproj copies them from the jieba.NET package at build time.");
        }
        PointJiebaAt(directory);
        (_jieba, _dictionary) = Load();
        // jieba swallows a failed dictionary load and then cuts every character apart.
        if (!_dictionary.ContainsWord("耳机"))
        {
            throw new InvalidOperationException($"jieba did not load its dictionary from {directory}.");
        }
        AddWords(SearchVocabulary.Synonyms.SelectMany(group => group));
    }

    public static ChineseSegmenter Shared => Instance.Value;

    /// <summary>Changes whenever words are added, so anything remembered from an older cut can tell it is stale.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Cuts a run of Chinese characters into words. HMM finds unknown words (names) at about 3x the cost.</summary>
    public IReadOnlyList<string> Cut(string run, bool hmm)
    {
        var remembered = hmm ? _cutsWithHmm : _cutsWithoutHmm;
        _gate.EnterReadLock();
        try
        {
            // Under the read lock, so a cut made with an older dictionary cannot outlive AddWords' clearing.
            if (remembered.TryGetValue(run, out var known))
            {
                return known;
            }
            var words = _jieba.Cut(run, cutAll: false, hmm: hmm).ToArray();
            if (run.Length <= MaxRememberedRunLength && remembered.Count < MaxRememberedRuns)
            {
                remembered.TryAdd(run, words);
            }
            return words;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public bool IsWord(string word)
    {
        _gate.EnterReadLock();
        try
        {
            return _dictionary.ContainsWord(word);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Teaches jieba the Chinese runs of these texts (names, brands, aliases) so they are cut as
    /// one word. Words jieba already knows keep their frequency. Returns how many were new.
    /// </summary>
    public int AddWords(IEnumerable<string> texts)
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        // Catalogs repeat their tags, brands and attribute values; each distinct text is read once.
        foreach (var text in texts.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal))
        {
            foreach (var run in SearchText.ChineseRuns(SearchText.Normalize(text)))
            {
                if (run.Length is >= 2 and <= MaxUserWordLength)
                {
                    candidates.Add(run);
                }
            }
        }
        if (candidates.Count == 0)
        {
            return 0;
        }
        var added = 0;
        _gate.EnterWriteLock();
        try
        {
            foreach (var word in candidates)
            {
                if (!_dictionary.ContainsWord(word))
                {
                    // Frequency 0 lets jieba suggest one just high enough to keep the word whole.
                    _jieba.AddWord(word, 0, null);
                    added++;
                }
            }
            if (added > 0)
            {
                _cutsWithHmm.Clear();
                _cutsWithoutHmm.Clear();
                Interlocked.Increment(ref _version);
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        return added;
    }

    // Separate and not inlined: jieba reads the setting in static initialisers, which must not run before it is set.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PointJiebaAt(string directory) => ConfigManager.ConfigFileBaseDir = directory;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (JiebaSegmenter, WordDictionary) Load()
    {
        var jieba = new JiebaSegmenter();
        // Loads the dictionary and the HMM model now, once, instead of racing on first use.
        _ = jieba.Cut("预热分词词典", cutAll: false, hmm: true).Count();
        return (jieba, WordDictionary.Instance);
    }
}
