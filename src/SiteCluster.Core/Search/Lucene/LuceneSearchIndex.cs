using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = Lucene.Net.Store.Directory;

namespace SiteCluster.Core.Search.Lucene;

/// <summary>
/// The embedded search index: one Lucene.Net index for the whole cluster in the data folder,
/// analysed with CJK bigrams (so 低保 and 养老 match inside longer phrases; Latin words and
/// numbers as words), titles and document numbers boosted, filters on site, column, type,
/// year and disclosure attribute, sorted by relevance or date. Only one process may write it
/// at a time: Lucene's write lock refuses a second.
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const int MaxResults = 1000;

    private readonly Directory _directory;
    private readonly Analyzer _analyzer = new CjkBigramAnalyzer();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;

    public LuceneSearchIndex(string folder)
        : this(FSDirectory.Open(new DirectoryInfo(folder)))
    {
    }

    private LuceneSearchIndex(Directory directory)
    {
        _directory = directory;
        try
        {
            _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        }
        catch (LockObtainFailedException e)
        {
            throw new SearchIndexLockedException(directory.ToString() ?? "the search index", e);
        }

        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            _writer.UpdateDocument(new Term(Fields.Key, document.Key), ToLucene(document));
        }

        return Task.CompletedTask;
    }

    public Task DeleteItemAsync(Guid itemId, CancellationToken cancellationToken)
    {
        _writer.DeleteDocuments(new Term(Fields.Item, itemId.ToString("N")));
        return Task.CompletedTask;
    }

    public Task DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken)
    {
        _writer.DeleteDocuments(new Term(Fields.Site, siteId.ToString("N")));
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        _writer.DeleteAll();
        return Task.CompletedTask;
    }

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
        return Task.CompletedTask;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var terms = SearchText.Terms(query.Text);
        var lucene = BuildQuery(query.Text, terms);
        if (lucene is null)
        {
            return Task.FromResult(SearchResults.Empty);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var skip = (Math.Max(query.Page, 1) - 1) * pageSize;
        if (skip >= MaxResults)
        {
            return Task.FromResult(SearchResults.Empty);
        }

        var wanted = Math.Min(skip + pageSize, MaxResults);
        // Ties end by key, so pages never overlap and a rebuilt index orders results as the old one did.
        var published = new SortField(Fields.Published, SortFieldType.INT64, reverse: true);
        var key = new SortField(Fields.Key, SortFieldType.STRING);
        var sort = query.Sort == SearchSort.Date
            ? new Sort(published, SortField.FIELD_SCORE, key)
            : new Sort(SortField.FIELD_SCORE, published, key);

        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(lucene, BuildFilter(query), wanted, sort, doDocScores: true, doMaxScore: false);
            var hits = new List<SearchHit>();
            foreach (var scoreDoc in top.ScoreDocs.Skip(skip))
            {
                var document = FromLucene(searcher.Doc(scoreDoc.Doc));
                hits.Add(new SearchHit(
                    document,
                    SnippetHighlighter.Highlight(document.Title, terms),
                    SnippetHighlighter.Snippet(document.Text, terms),
                    scoreDoc.Score));
            }

            return Task.FromResult(new SearchResults(top.TotalHits, hits));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public Task<IReadOnlyList<string>> KeysAsync(Guid siteId, CancellationToken cancellationToken)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var query = new TermQuery(new Term(Fields.Site, siteId.ToString("N")));
            var top = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
            IReadOnlyList<string> keys = [.. top.ScoreDocs.Select(d => searcher.Doc(d.Doc).Get(Fields.Key, CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];
            return Task.FromResult(keys);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Every word of the query must match (as a phrase of its bigrams) in the title, the
    /// document number, the keywords (主题词) or the text, the title and number counting most; a query that is a
    /// document number, written in any bracket style, finds it first.
    /// </summary>
    private BooleanQuery? BuildQuery(string text, IReadOnlyList<string> terms)
    {
        var root = new BooleanQuery();
        foreach (var term in terms)
        {
            var fields = new DisjunctionMaxQuery(0.3f);
            foreach (var (field, boost) in new[] { (Fields.Title, 4f), (Fields.DocumentNumber, 6f), (Fields.Keywords, 2f), (Fields.Text, 1f) })
            {
                if (Phrase(field, term) is { } phrase)
                {
                    phrase.Boost = boost;
                    fields.Add(phrase);
                }
            }

            if (fields.Disjuncts.Count > 0)
            {
                root.Add(fields, Occur.MUST);
            }
        }

        if (root.Clauses.Count == 0)
        {
            return null;
        }

        var number = SearchText.NormalizeDocumentNumber(text);
        if (number.Length > 0)
        {
            root.Add(new TermQuery(new Term(Fields.DocumentNumberExact, number)) { Boost = 20f }, Occur.SHOULD);
        }

        return root;
    }

    /// <summary>
    /// The words of <paramref name="text"/> as the index holds them, as a phrase: each pair of
    /// characters at its place, and single characters only where no pair covers them (a word of
    /// one character, or one standing next to a number), so the phrase is exactly the text.
    /// </summary>
    private Query? Phrase(string field, string text)
    {
        var tokens = new List<(string Term, int Position, bool Pair)>();
        using (var stream = _analyzer.GetTokenStream(field, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var type = stream.AddAttribute<ITypeAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add((term.ToString(), position, type.Type == CjkBigramAnalyzer.PairType));
            }

            stream.End();
        }

        var pairs = tokens.Where(t => t.Pair).Select(t => t.Position).ToHashSet();
        var kept = tokens.Where(t => t.Pair || !(pairs.Contains(t.Position) || pairs.Contains(t.Position - 1))).ToList();
        switch (kept.Count)
        {
            case 0:
                return null;
            case 1:
                return new TermQuery(new Term(field, kept[0].Term));
            default:
                var phrase = new PhraseQuery();
                foreach (var (term, position, _) in kept)
                {
                    phrase.Add(new Term(field, term), position - kept[0].Position);
                }

                return phrase;
        }
    }

    private static BooleanFilter? BuildFilter(SearchQuery query)
    {
        var filter = new BooleanFilter();
        if (query.Sites.Count > 0)
        {
            filter.Add(new FieldCacheTermsFilter(Fields.Site, [.. query.Sites.Select(s => s.ToString("N"))]), Occur.MUST);
        }

        if (query.ExcludedSites.Count > 0)
        {
            filter.Add(new FieldCacheTermsFilter(Fields.Site, [.. query.ExcludedSites.Select(s => s.ToString("N"))]), Occur.MUST_NOT);
        }

        void Must(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filter.Add(new FieldCacheTermsFilter(field, value), Occur.MUST);
            }
        }

        Must(Fields.Column, query.ColumnId?.ToString("N"));
        Must(Fields.Type, query.ContentType);
        Must(Fields.Year, query.Year?.ToString(CultureInfo.InvariantCulture));
        Must(Fields.Disclosure, query.Disclosure);
        return filter.Clauses.Count == 0 ? null : filter;
    }

    private static Document ToLucene(SearchDocument d)
    {
        var published = d.PublishedAt.ToUnixTimeMilliseconds();
        var document = new Document
        {
            new StringField(Fields.Key, d.Key, Field.Store.YES),
            new StringField(Fields.Site, d.SiteId.ToString("N"), Field.Store.YES),
            new StringField(Fields.Item, d.ItemId.ToString("N"), Field.Store.YES),
            new StringField(Fields.Source, d.SourceSiteId.ToString("N"), Field.Store.YES),
            new StringField(Fields.Column, d.ColumnId.ToString("N"), Field.Store.YES),
            new StoredField(Fields.ColumnPath, d.ColumnPath),
            new StoredField(Fields.ColumnName, d.ColumnName),
            new StringField(Fields.Type, d.ContentType, Field.Store.YES),
            new StringField(Fields.Year, BeijingTime.YearOf(d.PublishedAt).ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new StringField(Fields.Disclosure, d.Disclosure, Field.Store.YES),
            new StringField(Fields.Expired, d.Expired ? "1" : "0", Field.Store.YES),
            new TextField(Fields.Title, d.Title, Field.Store.YES),
            new TextField(Fields.Text, d.Text, Field.Store.YES),
            new NumericDocValuesField(Fields.Published, published),
            new StoredField(Fields.PublishedStored, published),
        };
        if (!string.IsNullOrWhiteSpace(d.DocumentNumber))
        {
            document.Add(new TextField(Fields.DocumentNumber, d.DocumentNumber, Field.Store.YES));
            document.Add(new StringField(Fields.DocumentNumberExact, SearchText.NormalizeDocumentNumber(d.DocumentNumber), Field.Store.NO));
        }

        if (!string.IsNullOrWhiteSpace(d.Keywords))
        {
            document.Add(new TextField(Fields.Keywords, d.Keywords, Field.Store.YES));
        }

        if (!string.IsNullOrWhiteSpace(d.IndexNumber))
        {
            document.Add(new StringField(Fields.IndexNumber, d.IndexNumber, Field.Store.YES));
        }

        if (!string.IsNullOrWhiteSpace(d.Publisher))
        {
            document.Add(new StoredField(Fields.Publisher, d.Publisher));
        }

        return document;
    }

    private static SearchDocument FromLucene(Document d) => new()
    {
        SiteId = Guid.ParseExact(d.Get(Fields.Site, CultureInfo.InvariantCulture), "N"),
        ItemId = Guid.ParseExact(d.Get(Fields.Item, CultureInfo.InvariantCulture), "N"),
        SourceSiteId = Guid.ParseExact(d.Get(Fields.Source, CultureInfo.InvariantCulture), "N"),
        ColumnId = Guid.ParseExact(d.Get(Fields.Column, CultureInfo.InvariantCulture), "N"),
        ColumnPath = d.Get(Fields.ColumnPath, CultureInfo.InvariantCulture),
        ColumnName = d.Get(Fields.ColumnName, CultureInfo.InvariantCulture),
        ContentType = d.Get(Fields.Type, CultureInfo.InvariantCulture),
        Title = d.Get(Fields.Title, CultureInfo.InvariantCulture),
        Text = d.Get(Fields.Text, CultureInfo.InvariantCulture) ?? string.Empty,
        DocumentNumber = d.Get(Fields.DocumentNumber, CultureInfo.InvariantCulture),
        Keywords = d.Get(Fields.Keywords, CultureInfo.InvariantCulture),
        IndexNumber = d.Get(Fields.IndexNumber, CultureInfo.InvariantCulture),
        Publisher = d.Get(Fields.Publisher, CultureInfo.InvariantCulture),
        PublishedAt = DateTimeOffset.FromUnixTimeMilliseconds(d.GetField(Fields.PublishedStored).GetInt64Value() ?? 0),
        Disclosure = d.Get(Fields.Disclosure, CultureInfo.InvariantCulture),
        Expired = d.Get(Fields.Expired, CultureInfo.InvariantCulture) == "1",
    };

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private static class Fields
    {
        public const string Key = "key";
        public const string Site = "site";
        public const string Item = "item";
        public const string Source = "source";
        public const string Column = "column";
        public const string ColumnPath = "column_path";
        public const string ColumnName = "column_name";
        public const string Type = "type";
        public const string Year = "year";
        public const string Disclosure = "disclosure";
        public const string Expired = "expired";
        public const string Title = "title";
        public const string Text = "text";
        public const string Keywords = "keywords";
        public const string DocumentNumber = "docnum";
        public const string DocumentNumberExact = "docnum_exact";
        public const string IndexNumber = "indexno";
        public const string Publisher = "publisher";
        public const string Published = "published";
        public const string PublishedStored = "published_at";
    }
}
