using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace SiteCluster.Core.Search.Lucene;

/// <summary>
/// Chinese text as overlapping pairs of characters (CJK bigrams) and as single characters at
/// the same places, Latin words and numbers as words, full-width forms folded, lower case. The
/// single characters let a one-character query (税) find them; a longer query is matched by its
/// pairs (see <see cref="LuceneSearchIndex"/>), so 低保 matches 低保 and not 低 and 保 apart.
/// </summary>
internal sealed class CjkBigramAnalyzer : Analyzer
{
    /// <summary>The token type of a pair of characters.</summary>
    public static readonly string PairType = CJKBigramFilter.DOUBLE_TYPE;

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream result = new CJKWidthFilter(source);
        result = new LowerCaseFilter(Version, result);
        result = new CJKBigramFilter(result, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, outputUnigrams: true);
        return new TokenStreamComponents(source, result);
    }
}
