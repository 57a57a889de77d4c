using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SiteCluster.Core.Search;
using SiteCluster.Core.Search.Elasticsearch;

namespace SiteCluster.Core.Tests;

/// <summary>
/// What <see cref="ElasticsearchSearchIndex"/> sends over the REST API and how it reads the
/// answers, against a fake handler that records each request (no Elasticsearch runs here).
/// </summary>
public sealed class ElasticsearchRequestTests : IDisposable
{
    private static readonly Guid SiteA = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid SiteB = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid Item = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly Guid Column = Guid.Parse("44444444-4444-4444-4444-444444444444");

    private readonly FakeElasticsearch _server = new();

    [Fact]
    public async Task First_use_creates_the_index_with_its_mapping_once()
    {
        var index = Index(analyzer: "ik_max_word");

        await index.UpsertAsync([Document()], CancellationToken.None);
        await index.UpsertAsync([Document()], CancellationToken.None);

        var creates = _server.Requests.Where(r => r.Method == HttpMethod.Put).ToList();
        var create = Assert.Single(creates);
        Assert.Equal("/sitecluster", create.Path);
        var properties = create.Json()["mappings"]!["properties"]!;
        foreach (var field in new[] { "key", "site", "item", "source", "column", "type", "year", "disclosure", "expired", "docnum_exact", "indexno" })
        {
            Assert.Equal("keyword", (string?)properties[field]!["type"]);
        }

        foreach (var field in new[] { "title", "text", "docnum", "keywords" })
        {
            Assert.Equal("text", (string?)properties[field]!["type"]);
            Assert.Equal("ik_max_word", (string?)properties[field]!["analyzer"]);
        }

        foreach (var field in new[] { "column_path", "column_name", "publisher" })
        {
            Assert.False((bool)properties[field]!["index"]!);
        }

        Assert.Equal("date", (string?)properties["published"]!["type"]);
        Assert.Equal("epoch_millis", (string?)properties["published"]!["format"]);
    }

    [Fact]
    public async Task An_index_that_exists_already_is_used()
    {
        _server.Respond(r => r.Method == HttpMethod.Put, HttpStatusCode.BadRequest,
            """{"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"index [sitecluster/abc] already exists"}],"type":"resource_already_exists_exception","reason":"index [sitecluster/abc] already exists"},"status":400}""");

        await Index().UpsertAsync([Document()], CancellationToken.None);

        Assert.Contains(_server.Requests, r => r.Path == "/sitecluster/_bulk");
    }

    [Fact]
    public async Task Upsert_is_one_bulk_request_of_index_actions_keyed_by_entry()
    {
        var first = Document() with { DocumentNumber = "临民发[2018]12号", Publisher = "临沧市民政局" };
        var second = Document() with { SiteId = SiteB, Title = "第二条", DocumentNumber = null };

        await Index().UpsertAsync([first, second], CancellationToken.None);

        var bulk = Assert.Single(_server.Requests, r => r.Path == "/sitecluster/_bulk");
        Assert.Equal(HttpMethod.Post, bulk.Method);
        Assert.Equal("application/x-ndjson", bulk.MediaType);
        Assert.EndsWith("\n", bulk.Body, StringComparison.Ordinal);
        var lines = bulk.Body.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(first.Key, (string?)lines[0]["index"]!["_id"]);
        Assert.Equal(second.Key, (string?)lines[2]["index"]!["_id"]);

        var source = lines[1];
        Assert.Equal(first.Key, (string?)source["key"]);
        Assert.Equal(SiteA.ToString("N"), (string?)source["site"]);
        Assert.Equal(Item.ToString("N"), (string?)source["item"]);
        Assert.Equal(Column.ToString("N"), (string?)source["column"]);
        Assert.Equal("关于做好城乡低保工作的通知", (string?)source["title"]);
        Assert.Equal("临民发[2018]12号", (string?)source["docnum"]);
        Assert.Equal("临民发〔2018〕12号", (string?)source["docnum_exact"]);
        Assert.Equal("临沧市民政局", (string?)source["publisher"]);
        Assert.Equal(first.PublishedAt.ToUnixTimeMilliseconds(), (long)source["published"]!);
        Assert.Equal("2019", (string?)source["year"]); // 2018-12-31 20:00 UTC is 2019 in Beijing
        Assert.Equal("0", (string?)source["expired"]);
        Assert.Null(lines[3]["docnum"]);
        Assert.Null(lines[3]["docnum_exact"]);
    }

    [Fact]
    public async Task A_very_large_batch_goes_in_several_bulk_requests_of_whole_entries()
    {
        var longText = new string('政', 100_000);
        var documents = Enumerable.Range(0, 100).Select(i => Document() with { ItemId = new Guid(i, 0, 0, new byte[8]), Text = longText }).ToList();

        await Index().UpsertAsync(documents, CancellationToken.None);

        var bulks = _server.Requests.Where(r => r.Path == "/sitecluster/_bulk").ToList();
        Assert.InRange(bulks.Count, 2, 5);
        var ids = bulks.SelectMany(b => b.Body.TrimEnd('\n').Split('\n').Where((_, i) => i % 2 == 0)).Select(l => (string?)JsonNode.Parse(l)!["index"]!["_id"]);
        Assert.Equal(documents.Select(d => d.Key), ids);
        Assert.All(bulks, b => Assert.EndsWith("\n", b.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_bulk_entry_raises_its_reason()
    {
        _server.Respond(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal), HttpStatusCode.OK,
            """{"took":3,"errors":true,"items":[{"index":{"_id":"a","status":201,"result":"created"}},{"index":{"_id":"b","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [published] of type [date]"}}}]}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().UpsertAsync([Document()], CancellationToken.None));

        Assert.Contains("failed to parse field [published]", error.Message, StringComparison.Ordinal);
        Assert.Contains("(b)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_sends_a_phrase_per_word_the_number_and_the_filters()
    {
        await Index().SearchAsync(new SearchQuery
        {
            Text = "低保 救助",
            Sites = [SiteA],
            ExcludedSites = [SiteB],
            ColumnId = Column,
            Year = 2024,
            Page = 2,
        }, CancellationToken.None);

        var search = Assert.Single(_server.Requests, r => r.Path == "/sitecluster/_search");
        var body = search.Json();
        Assert.Equal(10, (int)body["from"]!);
        Assert.Equal(10, (int)body["size"]!);
        Assert.True((bool)body["track_total_hits"]!);

        var @bool = body["query"]!["bool"]!;
        var must = @bool["must"]!.AsArray();
        Assert.Equal(2, must.Count);
        foreach (var (clause, word) in must.Zip(["低保", "救助"]))
        {
            var disMax = clause!["dis_max"]!;
            Assert.Equal(0.3, (double)disMax["tie_breaker"]!);
            var phrases = disMax["queries"]!.AsArray().Select(q => q!["match_phrase"]!.AsObject().Single()).ToList();
            Assert.Equal(["title", "docnum", "keywords", "text"], phrases.Select(p => p.Key));
            Assert.All(phrases, p => Assert.Equal(word, (string?)p.Value!["query"]));
            Assert.Equal([4.0, 6.0, 2.0, 1.0], phrases.Select(p => (double)p.Value!["boost"]!));
        }

        var number = @bool["should"]![0]!["term"]!["docnum_exact"]!;
        Assert.Equal("低保救助", (string?)number["value"]);
        Assert.Equal(20.0, (double)number["boost"]!);

        var filter = @bool["filter"]!.AsArray();
        Assert.Equal([SiteA.ToString("N")], filter[0]!["terms"]!["site"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(Column.ToString("N"), (string?)filter[1]!["term"]!["column"]);
        Assert.Equal("2024", (string?)filter[2]!["term"]!["year"]);
        Assert.Equal(3, filter.Count);
        Assert.Equal([SiteB.ToString("N")], @bool["must_not"]![0]!["terms"]!["site"]!.AsArray().Select(s => (string?)s));

        var sort = body["sort"]!.AsArray().Select(s => s!.AsObject().Single()).ToList();
        Assert.Equal(["_score", "published", "key"], sort.Select(s => s.Key));
        Assert.Equal(["desc", "desc", "asc"], sort.Select(s => (string?)s.Value!["order"]));
    }

    [Fact]
    public async Task Date_order_sorts_by_date_first_and_a_whole_cluster_query_has_no_site_filter()
    {
        await Index().SearchAsync(new SearchQuery { Text = "养老", Sort = SearchSort.Date, PageSize = 500 }, CancellationToken.None);

        var body = Assert.Single(_server.Requests, r => r.Path == "/sitecluster/_search").Json();
        Assert.Equal(["published", "_score", "key"], body["sort"]!.AsArray().Select(s => s!.AsObject().Single().Key));
        Assert.Equal(100, (int)body["size"]!);
        Assert.Null(body["query"]!["bool"]!["filter"]);
        Assert.Null(body["query"]!["bool"]!["must_not"]);
    }

    [Fact]
    public async Task Hits_are_read_from_source_and_highlighted_as_by_lucene()
    {
        var document = Document();
        _server.Respond(r => r.Path.EndsWith("/_search", StringComparison.Ordinal), HttpStatusCode.OK, $$$"""
            {"took":2,"timed_out":false,"hits":{"total":{"value":37,"relation":"eq"},"max_score":9.5,"hits":[
              {"_index":"sitecluster","_id":"{{{document.Key}}}","_score":9.5,"_source":{
                "key":"{{{document.Key}}}","site":"{{{SiteA:N}}}","item":"{{{Item:N}}}","source":"{{{SiteA:N}}}","column":"{{{Column:N}}}",
                "column_path":"zcwj/bjwj","column_name":"本级文件","type":"Notice","year":"2019","disclosure":"Active","expired":"0",
                "title":"{{{document.Title}}}","text":"{{{document.Text}}}","docnum":"临民发〔2018〕12号","docnum_exact":"临民发〔2018〕12号",
                "indexno":"000000-2018-00012","publisher":"临沧市民政局","published":{{{document.PublishedAt.ToUnixTimeMilliseconds()}}}}}]}}
            """);

        var results = await Index().SearchAsync(new SearchQuery { Text = "低保 通知" }, CancellationToken.None);

        Assert.Equal(37, results.Total);
        var hit = Assert.Single(results.Hits);
        Assert.Equal(9.5f, hit.Score);
        Assert.Equal(document with { DocumentNumber = "临民发〔2018〕12号", IndexNumber = "000000-2018-00012", Publisher = "临沧市民政局" }, hit.Document);
        string[] terms = ["低保", "通知"];
        Assert.Equal(SnippetHighlighter.Highlight(document.Title, terms), hit.TitleHtml);
        Assert.Equal(SnippetHighlighter.Snippet(document.Text, terms), hit.SnippetHtml);
        Assert.Contains("<mark>低保</mark>", hit.TitleHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_analysis_keeps_single_characters_beside_the_pairs_as_Lucene_does()
    {
        await Index().UpsertAsync([Document()], CancellationToken.None);

        var create = _server.Requests.Single(r => r.Method == HttpMethod.Put).Json();
        var analysis = create["settings"]!["analysis"]!;
        var analyzer = analysis["analyzer"]!["sitecluster_cjk"]!;
        Assert.Equal("standard", (string?)analyzer["tokenizer"]);
        Assert.Equal(["cjk_width", "lowercase", "sitecluster_bigrams"], analyzer["filter"]!.AsArray().Select(f => (string?)f));
        Assert.True((bool)analysis["filter"]!["sitecluster_bigrams"]!["output_unigrams"]!);
        Assert.Equal("sitecluster_cjk", (string?)create["mappings"]!["properties"]!["title"]!["analyzer"]);
    }

    [Theory]
    [InlineData("   ", 1)]
    [InlineData("，。", 1)]
    [InlineData("低保", 101)]
    public async Task Nothing_to_search_or_past_the_thousandth_result_asks_nothing(string text, int page)
    {
        var results = await Index().SearchAsync(new SearchQuery { Text = text, Page = page }, CancellationToken.None);

        Assert.Same(SearchResults.Empty, results);
        Assert.DoesNotContain(_server.Requests, r => r.Path.EndsWith("/_search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_answer_names_the_operation_status_and_reason()
    {
        _server.Respond(r => r.Path.EndsWith("/_search", StringComparison.Ordinal), HttpStatusCode.BadRequest,
            """{"error":{"root_cause":[{"type":"query_shard_exception","reason":"failed to create query: field [docnum] unknown analyzer"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().SearchAsync(new SearchQuery { Text = "低保" }, CancellationToken.None));

        Assert.Contains("search", error.Message, StringComparison.Ordinal);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("all shards failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed to create query: field [docnum] unknown analyzer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_index_creation_is_an_error_too()
    {
        _server.Respond(r => r.Method == HttpMethod.Put, HttpStatusCode.BadRequest,
            """{"error":{"type":"mapper_parsing_exception","reason":"analyzer [ik_max_word] has not been configured in mappings"},"status":400}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().RefreshAsync(CancellationToken.None));

        Assert.Contains("create index", error.Message, StringComparison.Ordinal);
        Assert.Contains("analyzer [ik_max_word] has not been configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_deleted_from_outside_is_created_again_on_the_next_call()
    {
        var index = Index();
        await index.RefreshAsync(CancellationToken.None);
        _server.Respond(r => r.Path.EndsWith("/_refresh", StringComparison.Ordinal) && _server.Requests.Count(q => q.Path.EndsWith("/_refresh", StringComparison.Ordinal)) == 2,
            HttpStatusCode.NotFound,
            """{"error":{"type":"index_not_found_exception","reason":"no such index [sitecluster]"},"status":404}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => index.RefreshAsync(CancellationToken.None));
        await index.RefreshAsync(CancellationToken.None);

        Assert.Contains("no such index [sitecluster]", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == HttpMethod.Put));
    }

    [Fact]
    public async Task Deleting_an_item_refreshes_then_deletes_by_its_id()
    {
        await Index().DeleteItemAsync(Item, CancellationToken.None);

        var paths = _server.Requests.Select(r => r.Path).ToList();
        Assert.Equal(["/sitecluster", "/sitecluster/_refresh", "/sitecluster/_delete_by_query?conflicts=proceed&refresh=true"], paths);
        Assert.Equal(Item.ToString("N"), (string?)_server.Requests[^1].Json()["query"]!["term"]!["item"]);
    }

    [Fact]
    public async Task Deleting_a_site_and_clearing_delete_by_query()
    {
        var index = Index();

        await index.DeleteSiteAsync(SiteB, CancellationToken.None);
        await index.ClearAsync(CancellationToken.None);

        var deletes = _server.Requests.Where(r => r.Path.Contains("_delete_by_query", StringComparison.Ordinal)).Select(r => r.Json()["query"]!).ToList();
        Assert.Equal(SiteB.ToString("N"), (string?)deletes[0]["term"]!["site"]);
        Assert.NotNull(deletes[1]["match_all"]);
    }

    [Fact]
    public async Task Delete_failures_reported_in_a_success_answer_raise()
    {
        _server.Respond(r => r.Path.Contains("_delete_by_query", StringComparison.Ordinal), HttpStatusCode.OK,
            """{"took":5,"deleted":3,"failures":[{"index":"sitecluster","id":"x","cause":{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}]}""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().DeleteSiteAsync(SiteA, CancellationToken.None));

        Assert.Contains("rejected execution of coordinating operation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_of_a_site_are_read_page_by_page_in_ordinal_order()
    {
        var keys = Enumerable.Range(0, 5001).Select(i => $"{SiteA:N}/{i:x32}").ToList();
        var pages = new Queue<string>([Page(keys.Take(5000)), Page(keys.Skip(5000))]);
        _server.Respond(r => r.Path.EndsWith("/_search", StringComparison.Ordinal), HttpStatusCode.OK, pages.Dequeue);

        var found = await Index().KeysAsync(SiteA, CancellationToken.None);

        Assert.Equal(keys.Order(StringComparer.Ordinal), found);
        var bodies = _server.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Select(r => r.Json()).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(SiteA.ToString("N"), (string?)bodies[0]["query"]!["term"]!["site"]);
        Assert.Null(bodies[0]["search_after"]);
        Assert.Equal(keys[4999], (string?)bodies[1]["search_after"]![0]);

        static string Page(IEnumerable<string> keys) =>
            new JsonObject
            {
                ["hits"] = new JsonObject
                {
                    ["hits"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject { ["_source"] = new JsonObject { ["key"] = k }, ["sort"] = new JsonArray(k) })]),
                },
            }.ToJsonString();
    }

    [Fact]
    public async Task Credentials_go_as_basic_authentication()
    {
        var index = new ElasticsearchSearchIndex(
            new HttpClient(_server) { BaseAddress = new Uri("http://es.example:9200/proxy") },
            new ElasticsearchOptions { Index = "sitecluster", Username = "elastic", Password = "secret" });

        await index.RefreshAsync(CancellationToken.None);

        Assert.All(_server.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:secret")), r.Authorization));
        Assert.Equal("/proxy/sitecluster/_refresh", _server.Requests[^1].Path);
    }

    public void Dispose() => _server.Dispose();

    private ElasticsearchSearchIndex Index(string analyzer = "cjk") =>
        new(new HttpClient(_server) { BaseAddress = new Uri("http://127.0.0.1:9200") }, new ElasticsearchOptions { Index = "sitecluster", Analyzer = analyzer });

    private static SearchDocument Document() => new()
    {
        SiteId = SiteA,
        ItemId = Item,
        SourceSiteId = SiteA,
        ColumnId = Column,
        ColumnPath = "zcwj/bjwj",
        ColumnName = "本级文件",
        ContentType = "Notice",
        Title = "关于做好城乡低保工作的通知",
        Text = "为进一步做好城乡最低生活保障工作，现将有关事项通知如下：低保对象实行动态管理。",
        PublishedAt = new DateTimeOffset(2018, 12, 31, 20, 0, 0, TimeSpan.Zero),
        Disclosure = "Active",
    };

    private sealed record Recorded(HttpMethod Method, string Path, string? MediaType, string Body, string? Authorization)
    {
        public JsonNode Json() => JsonNode.Parse(Body)!;
    }

    /// <summary>Records every request; answers as a healthy cluster would unless told otherwise for some requests.</summary>
    private sealed class FakeElasticsearch : HttpMessageHandler
    {
        private readonly List<(Func<Recorded, bool> When, HttpStatusCode Status, Func<string> Body)> _answers = [];

        public List<Recorded> Requests { get; } = [];

        public void Respond(Func<Recorded, bool> when, HttpStatusCode status, string body) => _answers.Add((when, status, () => body));

        public void Respond(Func<Recorded, bool> when, HttpStatusCode status, Func<string> body) => _answers.Add((when, status, body));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var recorded = new Recorded(request.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.MediaType, body, request.Headers.Authorization?.ToString());
            Requests.Add(recorded);
            var (status, answer) = _answers.FirstOrDefault(a => a.When(recorded)) is { Body: not null } found
                ? (found.Status, found.Body())
                : (HttpStatusCode.OK, Default(recorded));
            return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }

        private static string Default(Recorded request) => request.Path switch
        {
            var p when p.EndsWith("/_bulk", StringComparison.Ordinal) => """{"took":1,"errors":false,"items":[]}""",
            var p when p.EndsWith("/_search", StringComparison.Ordinal) => """{"took":1,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""",
            var p when p.Contains("_delete_by_query", StringComparison.Ordinal) => """{"took":1,"deleted":0,"failures":[]}""",
            var p when p.EndsWith("/_refresh", StringComparison.Ordinal) => """{"_shards":{"total":1,"successful":1,"failed":0}}""",
            _ => """{"acknowledged":true}""",
        };
    }
}
