using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ChatCommerce.BotServer.Catalog.Search;

/// <summary>
/// The analysis chain for products and queries: <see cref="SearchTokens"/> (measures, jieba words,
/// bigrams, latin words), then English possessives ("sony's" → sony) and Porter stemming for
/// latin words ("earbuds" → earbud). The same chain on both sides keeps terms comparable.
/// </summary>
public sealed class ProductAnalyzer(AnalysisMode mode, ChineseSegmenter segmenter) : Analyzer(PER_FIELD_REUSE_STRATEGY)
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        if (fieldName == ProductFields.Filters)
        {
            return new TokenStreamComponents(new LineTokenizer(reader));
        }
        var fieldMode = mode == AnalysisMode.Query ? AnalysisMode.Query
            : fieldName == ProductFields.Description ? AnalysisMode.IndexLongText
            : AnalysisMode.Index;
        var tokenizer = new ProductTokenizer(reader, fieldMode, segmenter);
        TokenStream stream = new EnglishPossessiveFilter(LuceneVersion.LUCENE_48, tokenizer);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>Each line one exact term: the filter field's "b:sony", "c:electronics", "s:1".</summary>
internal sealed class LineTokenizer(TextReader input) : CharTokenizer(LuceneVersion.LUCENE_48, input)
{
    protected override bool IsTokenChar(int c) => c != '\n';
}

/// <summary>Feeds the tokens of <see cref="SearchTokens.Of"/> to Lucene, kind as the token type.</summary>
internal sealed class ProductTokenizer : Tokenizer
{
    private readonly AnalysisMode _mode;
    private readonly ChineseSegmenter _segmenter;
    private readonly ICharTermAttribute _term;
    private readonly ITypeAttribute _type;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly IKeywordAttribute _keyword;
    private IReadOnlyList<SearchToken> _tokens = [];
    private int _next;

    public ProductTokenizer(TextReader input, AnalysisMode mode, ChineseSegmenter segmenter) : base(input)
    {
        _mode = mode;
        _segmenter = segmenter;
        _term = AddAttribute<ICharTermAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        if (_next >= _tokens.Count)
        {
            return false;
        }
        var token = _tokens[_next];
        _term.SetEmpty().Append(token.Term);
        _type.Type = token.Kind;
        // Lucene refuses a stream whose first token does not advance the position.
        _positionIncrement.PositionIncrement = _next == 0 ? 1 : token.PositionIncrement;
        _keyword.IsKeyword = !token.Stem;
        _next++;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _tokens = SearchTokens.Of(m_input.ReadToEnd(), _mode, _segmenter);
        _next = 0;
    }
}
