using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace SiteCluster.Core.Search.Elasticsearch;

/// <summary>
/// The search index in Elasticsearch, over its REST API (no .NET client is served here). The
/// same fields, query, filters, sorting and paging as <see cref="Lucene.LuceneSearchIndex"/>, and
/// the same highlighter over the stored text, so results and snippets look alike whichever
/// backend answers. The index is created with its mapping on first use.
/// </summary>
public sealed class ElasticsearchSearchIndex : ISearchIndex
{
    private const int MaxResults = 1000;
    private const int KeysPageSize = 5000;

    // Elasticsearch refuses bodies over http.max_content_length (100 MB by default) and does
    // best with bulk requests of a few MB, so a large batch (a site's reposts) goes in several.
    private const int MaxBulkCharacters = 4_000_000;
    private const string PairsAndSingles = "sitecluster_cjk";

    private static readonly JsonSerializerOptions Json = new()
    {
        // Chinese text as UTF-8, not \uXXXX escapes: bulk bodies are half the size.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly ElasticsearchOptions _options;
    private readonly Uri _root;
    private readonly string _indexPath;
    private readonly AuthenticationHeaderValue? _authorization;
    private volatile bool _indexReady;

    public ElasticsearchSearchIndex(HttpClient http, ElasticsearchOptions options)
    {
        _http = http;
        _options = options;
        var baseAddress = http.BaseAddress
            ?? throw new InvalidOperationException("The Elasticsearch HttpClient needs a BaseAddress (SiteCluster:Search:Elasticsearch:Url).");

        // Relative addresses resolve under the base address's path too, e.g. behind a proxy at /es.
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress.AbsoluteUri : baseAddress.AbsoluteUri + "/";
        _root = new Uri(root);
        _indexPath = Uri.EscapeDataString(options.Index);
        if (!string.IsNullOrEmpty(options.Username))
        {
            var credentials = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
        }
    }

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);
        var body = new StringBuilder();
        var count = 0;
        foreach (var document in documents)
        {
            body.Append(JsonSerializer.Serialize(new { index = new { _id = document.Key } }, Json)).Append('\n');
            body.Append(JsonSerializer.Serialize(Entry.From(document), Json)).Append('\n');
            count++;
            if (body.Length >= MaxBulkCharacters)
            {
                await BulkAsync(body.ToString(), count, cancellationToken);
                body.Clear();
                count = 0;
            }
        }

        if (count > 0)
        {
            await BulkAsync(body.ToString(), count, cancellationToken);
        }
    }

    public Task DeleteItemAsync(Guid itemId, CancellationToken cancellationToken) =>
        DeleteByQueryAsync("delete item", Term(Fields.Item, itemId.ToString("N")), cancellationToken);

    public Task DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken) =>
        DeleteByQueryAsync("delete site", Term(Fields.Site, siteId.ToString("N")), cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) =>
        DeleteByQueryAsync("clear", new JsonObject { ["match_all"] = new JsonObject() }, cancellationToken);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        (await SendAsync("refresh", HttpMethod.Post, "_refresh", null, cancellationToken)).Dispose();
    }

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var terms = SearchText.Terms(query.Text);
        var words = terms.Where(YieldsTokens).ToList();
        if (words.Count == 0)
        {
            return SearchResults.Empty;
        }

        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var skip = (Math.Max(query.Page, 1) - 1) * pageSize;
        if (skip >= MaxResults)
        {
            return SearchResults.Empty;
        }

        var body = new JsonObject
        {
            ["from"] = skip,
            ["size"] = Math.Min(pageSize, MaxResults - skip),
            ["track_total_hits"] = true,
            // Scores are not computed when the first sort is a field (date order) unless asked for.
            ["track_scores"] = true,
            ["query"] = BuildQuery(query, words),
            // Ties end by key, as in Lucene: pages never overlap.
            ["sort"] = query.Sort == SearchSort.Date
                ? new JsonArray(Order(Fields.Published), Order("_score"), new JsonObject { [Fields.Key] = new JsonObject { ["order"] = "asc" } })
                : new JsonArray(Order("_score"), Order(Fields.Published), new JsonObject { [Fields.Key] = new JsonObject { ["order"] = "asc" } }),
        };

        await EnsureIndexAsync(cancellationToken);
        using var response = await SendAsync("search", HttpMethod.Post, "_search", Content(body), cancellationToken);
        var hitsElement = response.RootElement.GetProperty("hits");
        var total = hitsElement.GetProperty("total") is { ValueKind: JsonValueKind.Object } totalObject
            ? totalObject.GetProperty("value").GetInt32()
            : hitsElement.GetProperty("total").GetInt32();
        var hits = new List<SearchHit>();
        foreach (var hit in hitsElement.GetProperty("hits").EnumerateArray())
        {
            var document = hit.GetProperty("_source").Deserialize<Entry>(Json)!.ToDocument();
            var score = hit.TryGetProperty("_score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetSingle() : 0f;
            hits.Add(new SearchHit(
                document,
                SnippetHighlighter.Highlight(document.Title, terms),
                SnippetHighlighter.Snippet(document.Text, terms),
                score));
        }

        return new SearchResults(total, hits);
    }

    public async Task<IReadOnlyList<string>> KeysAsync(Guid siteId, CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        var keys = new List<string>();
        JsonNode? after = null;
        while (true)
        {
            var body = new JsonObject
            {
                ["size"] = KeysPageSize,
                ["track_total_hits"] = false,
                ["_source"] = new JsonArray(Fields.Key),
                ["query"] = Term(Fields.Site, siteId.ToString("N")),
                ["sort"] = new JsonArray(new JsonObject { [Fields.Key] = new JsonObject { ["order"] = "asc" } }),
            };
            if (after is not null)
            {
                body["search_after"] = after;
            }

            using var response = await SendAsync("keys", HttpMethod.Post, "_search", Content(body), cancellationToken);
            var page = response.RootElement.GetProperty("hits").GetProperty("hits");
            foreach (var hit in page.EnumerateArray())
            {
                keys.Add(hit.GetProperty("_source").GetProperty(Fields.Key).GetString()!);
                after = JsonNode.Parse(hit.GetProperty("sort").GetRawText());
            }

            if (page.GetArrayLength() < KeysPageSize)
            {
                break;
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>
    /// Every word must match, as a phrase, in the title, the document number, the keywords or the
    /// text (the best field counts, the others a little); a query that is a document number, in any
    /// bracket style, finds it first. The filters do not score.
    /// </summary>
    private static JsonObject BuildQuery(SearchQuery query, IReadOnlyList<string> words)
    {
        var must = new JsonArray();
        foreach (var word in words)
        {
            must.Add(new JsonObject
            {
                ["dis_max"] = new JsonObject
                {
                    ["tie_breaker"] = 0.3,
                    ["queries"] = new JsonArray(Phrase(Fields.Title, word, 4), Phrase(Fields.DocumentNumber, word, 6), Phrase(Fields.Keywords, word, 2), Phrase(Fields.Text, word, 1)),
                },
            });
        }

        var filter = new JsonArray();
        if (query.Sites.Count > 0)
        {
            filter.Add(Terms(Fields.Site, query.Sites));
        }

        void Must(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filter.Add(Term(field, value));
            }
        }

        Must(Fields.Column, query.ColumnId?.ToString("N"));
        Must(Fields.Type, query.ContentType);
        Must(Fields.Year, query.Year?.ToString(CultureInfo.InvariantCulture));
        Must(Fields.Disclosure, query.Disclosure);

        var @bool = new JsonObject { ["must"] = must };
        var number = SearchText.NormalizeDocumentNumber(query.Text);
        if (number.Length > 0)
        {
            @bool["should"] = new JsonArray(new JsonObject
            {
                ["term"] = new JsonObject { [Fields.DocumentNumberExact] = new JsonObject { ["value"] = number, ["boost"] = 20 } },
            });
        }

        if (filter.Count > 0)
        {
            @bool["filter"] = filter;
        }

        if (query.ExcludedSites.Count > 0)
        {
            @bool["must_not"] = new JsonArray(Terms(Fields.Site, query.ExcludedSites));
        }

        return new JsonObject { ["bool"] = @bool };
    }

    // zero_terms_query "all": a word the analyzer drops entirely (a stop word next to others) does
    // not rule every document out; Lucene leaves such a word out of the query.
    private static JsonObject Phrase(string field, string word, int boost) => new()
    {
        ["match_phrase"] = new JsonObject
        {
            [field] = new JsonObject { ["query"] = word, ["boost"] = boost, ["zero_terms_query"] = "all" },
        },
    };

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonObject Terms(string field, IEnumerable<Guid> values) => new()
    {
        ["terms"] = new JsonObject { [field] = new JsonArray([.. values.Select(v => (JsonNode)v.ToString("N"))]) },
    };

    private static JsonObject Order(string field) => new() { [field] = new JsonObject { ["order"] = "desc" } };

    /// <summary>Whether the analyzer keeps anything of a word: a letter or a digit, not only punctuation.</summary>
    private static bool YieldsTokens(string word) => word.Any(char.IsLetterOrDigit);

    /// <summary>One _bulk request of index actions; an answer that reports failed entries raises the first one's reason.</summary>
    private async Task BulkAsync(string ndjson, int count, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("bulk upsert", HttpMethod.Post, "_bulk", Content(ndjson, "application/x-ndjson"), cancellationToken);
        var root = response.RootElement;
        if (!root.TryGetProperty("errors", out var errors) || !errors.GetBoolean())
        {
            return;
        }

        var failed = root.GetProperty("items").EnumerateArray()
            .SelectMany(item => item.EnumerateObject().Select(action => action.Value))
            .Where(result => result.TryGetProperty("error", out _))
            .ToList();
        var first = failed.FirstOrDefault();
        var id = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("_id", out var value) ? value.GetString() : null;
        var reason = first.ValueKind == JsonValueKind.Object ? Describe(first.GetProperty("error")) : "no reason given";
        throw new InvalidOperationException(
            $"Elasticsearch bulk upsert into '{_options.Index}': {failed.Count} of {count} entries failed; the first ({id}): {reason}");
    }

    /// <summary>
    /// Deletes what the query matches. Delete-by-query only sees what the last refresh made
    /// searchable, so it refreshes first: an entry upserted a moment ago goes too, as in Lucene.
    /// A version conflict means the entry was written again meanwhile, and that write wins.
    /// </summary>
    private async Task DeleteByQueryAsync(string operation, JsonObject query, CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        (await SendAsync(operation, HttpMethod.Post, "_refresh", null, cancellationToken)).Dispose();

        var body = new JsonObject { ["query"] = query };
        using var response = await SendAsync(operation, HttpMethod.Post, "_delete_by_query?conflicts=proceed&refresh=true", Content(body), cancellationToken);
        if (response.RootElement.TryGetProperty("failures", out var failures) && failures.GetArrayLength() > 0)
        {
            var first = failures[0];
            var reason = first.TryGetProperty("cause", out var cause) ? Describe(cause)
                : first.TryGetProperty("reason", out var why) ? Describe(why)
                : first.GetRawText();
            throw new InvalidOperationException(
                $"Elasticsearch {operation} in '{_options.Index}': {failures.GetArrayLength()} failures; the first: {reason}");
        }
    }

    /// <summary>Creates the index with its mapping unless it exists; once per instance after it succeeds.</summary>
    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_indexReady)
        {
            return;
        }

        static JsonObject Keyword() => new() { ["type"] = "keyword" };
        static JsonObject StoredOnly() => new() { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false };
        // "cjk": bigrams with the single characters kept beside them, as the Lucene backend indexes,
        // so one-character words are found and a phrase of several matches exactly that text.
        var analyzer = _options.Analyzer == "cjk" ? PairsAndSingles : _options.Analyzer;
        JsonObject Text() => new() { ["type"] = "text", ["analyzer"] = analyzer };

        var properties = new JsonObject
        {
            [Fields.Key] = Keyword(),
            [Fields.Site] = Keyword(),
            [Fields.Item] = Keyword(),
            [Fields.Source] = Keyword(),
            [Fields.Column] = Keyword(),
            [Fields.ColumnPath] = StoredOnly(),
            [Fields.ColumnName] = StoredOnly(),
            [Fields.Type] = Keyword(),
            [Fields.Year] = Keyword(),
            [Fields.Disclosure] = Keyword(),
            [Fields.Expired] = Keyword(),
            [Fields.Title] = Text(),
            [Fields.Text] = Text(),
            [Fields.DocumentNumber] = Text(),
            [Fields.Keywords] = Text(),
            [Fields.DocumentNumberExact] = Keyword(),
            [Fields.IndexNumber] = Keyword(),
            [Fields.Publisher] = StoredOnly(),
            [Fields.Published] = new JsonObject { ["type"] = "date", ["format"] = "epoch_millis" },
        };
        var body = new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["analysis"] = new JsonObject
                {
                    ["filter"] = new JsonObject { ["sitecluster_bigrams"] = new JsonObject { ["type"] = "cjk_bigram", ["output_unigrams"] = true } },
                    ["analyzer"] = new JsonObject
                    {
                        [PairsAndSingles] = new JsonObject
                        {
                            ["type"] = "custom",
                            ["tokenizer"] = "standard",
                            ["filter"] = new JsonArray("cjk_width", "lowercase", "sitecluster_bigrams"),
                        },
                    },
                },
            },
            ["mappings"] = new JsonObject { ["dynamic"] = "strict", ["properties"] = properties },
        };

        // Two first uses at once both try; the second finds the index there, which is fine.
        var created = await SendAsync("create index", HttpMethod.Put, string.Empty, Content(body), cancellationToken,
            tolerated: type => type is "resource_already_exists_exception" or "index_already_exists_exception");
        created.Dispose();

        _indexReady = true;
    }

    private async Task<JsonDocument> SendAsync(
        string operation, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, Func<string?, bool>? tolerated = null)
    {
        var address = new Uri(_root, path.Length == 0 ? _indexPath : $"{_indexPath}/{path}");
        using var request = new HttpRequestMessage(method, address) { Content = content };
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonDocument? json = null;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
        }

        var error = json is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) ? e : (JsonElement?)null;
        var errorType = error is { ValueKind: JsonValueKind.Object } found && found.TryGetProperty("type", out var type) ? type.GetString() : null;
        if (tolerated is not null && tolerated(errorType))
        {
            return json!;
        }

        if (errorType == "index_not_found_exception")
        {
            // Deleted from outside: the next call creates it again, with its mapping.
            _indexReady = false;
        }

        var reason = error is { } known ? Describe(known) : text.Length == 0 ? "(empty body)" : text.Length > 500 ? text[..500] + "…" : text;
        json?.Dispose();
        throw new InvalidOperationException(
            $"Elasticsearch {operation} on '{_options.Index}' failed with {(int)response.StatusCode} ({response.StatusCode}): {reason}");
    }

    /// <summary>An error object as "type: reason", with its first root cause or cause when that says more.</summary>
    private static string Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return error.ValueKind == JsonValueKind.String ? error.GetString()! : error.GetRawText();
        }

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var type = Text(error, "type");
        var reason = Text(error, "reason");
        var description = type is null ? reason ?? error.GetRawText() : $"{type}: {reason}";
        JsonElement? deeper = error.TryGetProperty("root_cause", out var roots) && roots.ValueKind == JsonValueKind.Array && roots.GetArrayLength() > 0 ? roots[0]
            : error.TryGetProperty("caused_by", out var cause) ? cause
            : null;
        if (deeper is { ValueKind: JsonValueKind.Object } inner && Text(inner, "reason") is { } innerReason && innerReason != reason)
        {
            description += $" ({Text(inner, "type")}: {innerReason})";
        }

        return description;
    }

    private static ByteArrayContent Content(JsonObject body) => Content(body.ToJsonString(Json), "application/json");

    private static ByteArrayContent Content(string body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>An entry's _source: the fields of the mapping, named as Lucene names them.</summary>
    private sealed record Entry
    {
        [JsonPropertyName(Fields.Key)] public required string Key { get; init; }

        [JsonPropertyName(Fields.Site)] public required string Site { get; init; }

        [JsonPropertyName(Fields.Item)] public required string Item { get; init; }

        [JsonPropertyName(Fields.Source)] public required string Source { get; init; }

        [JsonPropertyName(Fields.Column)] public required string Column { get; init; }

        [JsonPropertyName(Fields.ColumnPath)] public required string ColumnPath { get; init; }

        [JsonPropertyName(Fields.ColumnName)] public required string ColumnName { get; init; }

        [JsonPropertyName(Fields.Type)] public required string Type { get; init; }

        [JsonPropertyName(Fields.Year)] public required string Year { get; init; }

        [JsonPropertyName(Fields.Disclosure)] public required string Disclosure { get; init; }

        [JsonPropertyName(Fields.Expired)] public required string Expired { get; init; }

        [JsonPropertyName(Fields.Title)] public required string Title { get; init; }

        [JsonPropertyName(Fields.Text)] public string? Text { get; init; }

        [JsonPropertyName(Fields.DocumentNumber)] public string? DocumentNumber { get; init; }

        [JsonPropertyName(Fields.Keywords)] public string? Keywords { get; init; }

        [JsonPropertyName(Fields.DocumentNumberExact)] public string? DocumentNumberExact { get; init; }

        [JsonPropertyName(Fields.IndexNumber)] public string? IndexNumber { get; init; }

        [JsonPropertyName(Fields.Publisher)] public string? Publisher { get; init; }

        [JsonPropertyName(Fields.Published)] public required long Published { get; init; }

        public static Entry From(SearchDocument d) => new()
        {
            Key = d.Key,
            Site = d.SiteId.ToString("N"),
            Item = d.ItemId.ToString("N"),
            Source = d.SourceSiteId.ToString("N"),
            Column = d.ColumnId.ToString("N"),
            ColumnPath = d.ColumnPath,
            ColumnName = d.ColumnName,
            Type = d.ContentType,
            Year = BeijingTime.YearOf(d.PublishedAt).ToString(CultureInfo.InvariantCulture),
            Disclosure = d.Disclosure,
            Expired = d.Expired ? "1" : "0",
            Title = d.Title,
            Text = d.Text,
            DocumentNumber = string.IsNullOrWhiteSpace(d.DocumentNumber) ? null : d.DocumentNumber,
            DocumentNumberExact = string.IsNullOrWhiteSpace(d.DocumentNumber) ? null : SearchText.NormalizeDocumentNumber(d.DocumentNumber),
            Keywords = string.IsNullOrWhiteSpace(d.Keywords) ? null : d.Keywords,
            IndexNumber = string.IsNullOrWhiteSpace(d.IndexNumber) ? null : d.IndexNumber,
            Publisher = string.IsNullOrWhiteSpace(d.Publisher) ? null : d.Publisher,
            Published = d.PublishedAt.ToUnixTimeMilliseconds(),
        };

        public SearchDocument ToDocument() => new()
        {
            SiteId = Guid.ParseExact(Site, "N"),
            ItemId = Guid.ParseExact(Item, "N"),
            SourceSiteId = Guid.ParseExact(Source, "N"),
            ColumnId = Guid.ParseExact(Column, "N"),
            ColumnPath = ColumnPath,
            ColumnName = ColumnName,
            ContentType = Type,
            Title = Title,
            Text = Text ?? string.Empty,
            DocumentNumber = DocumentNumber,
            Keywords = Keywords,
            IndexNumber = IndexNumber,
            Publisher = Publisher,
            PublishedAt = DateTimeOffset.FromUnixTimeMilliseconds(Published),
            Disclosure = Disclosure,
            Expired = Expired == "1",
        };
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
        public const string DocumentNumber = "docnum";
        public const string DocumentNumberExact = "docnum_exact";
        public const string Keywords = "keywords";
        public const string IndexNumber = "indexno";
        public const string Publisher = "publisher";
        public const string Published = "published";
    }
}
