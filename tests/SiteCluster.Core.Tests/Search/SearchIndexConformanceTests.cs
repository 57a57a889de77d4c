using SiteCluster.Core.Search;
using SiteCluster.Core.Search.Elasticsearch;
using SiteCluster.Core.Search.Lucene;

namespace SiteCluster.Core.Tests.Search;

/// <summary>
/// What every search backend must do, run against each: Lucene always, Elasticsearch when
/// <c>ELASTICSEARCH_URL</c> is set (infra/test.sh says so when it is not). Each test uses
/// sites of its own, so the cases share one index.
/// </summary>
public abstract class SearchIndexConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    protected abstract ISearchIndex Index { get; }

    [Fact]
    public async Task A_two_character_word_finds_documents_that_contain_it_inside_longer_phrases()
    {
        var site = Guid.NewGuid();
        await AddAsync(
            Doc(site, "关于提高城乡低保标准的通知", "自2026年1月1日起，城乡居民最低生活保障标准提高。"),
            Doc(site, "城乡居民基本养老保险经办规程", "参保人员按规定领取养老金。"),
            Doc(site, "婚姻登记工作规范", "办理结婚登记的当事人应当出具身份证件。"));

        var dibao = await SearchAsync("低保", site);
        var yanglao = await SearchAsync("养老", site);
        var hunyin = await SearchAsync("婚姻", site);

        Assert.Equal(["关于提高城乡低保标准的通知"], Titles(dibao));
        Assert.Equal(["城乡居民基本养老保险经办规程"], Titles(yanglao));
        Assert.Equal(["婚姻登记工作规范"], Titles(hunyin));
    }

    [Fact]
    public async Task A_single_character_finds_the_documents_that_contain_it()
    {
        var site = Guid.NewGuid();
        await AddAsync(Doc(site, "个人所得税专项附加扣除办理指南", "按规定办理。"), Doc(site, "城市道路占用审批", "按规定办理。"));

        Assert.Equal(["个人所得税专项附加扣除办理指南"], Titles(await SearchAsync("税", site)));
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_body_match()
    {
        var site = Guid.NewGuid();
        await AddAsync(
            Doc(site, "城乡医疗救助实施办法", "对符合条件的低保对象、特困人员给予医疗救助，低保边缘家庭参照执行，低保对象优先。"),
            Doc(site, "临沧市低保审核确认办法", "规范最低生活保障审核确认工作。"));

        var results = await SearchAsync("低保", site);

        Assert.Equal(["临沧市低保审核确认办法", "城乡医疗救助实施办法"], Titles(results));
    }

    [Fact]
    public async Task A_document_number_finds_its_document_first_in_any_bracket_style()
    {
        var site = Guid.NewGuid();
        await AddAsync(
            Doc(site, "临沧市民政局关于印发政务公开工作方案的通知", "为做好2018年政务公开工作，制定本方案。", number: "临民发〔2018〕12号"),
            Doc(site, "临沧市民政局关于印发社会救助工作要点的通知", "临民发〔2018〕13号文件同时废止。", number: "临民发〔2018〕15号"),
            Doc(site, "2018年民政工作总结", "12项重点工作全部完成。"));

        foreach (var query in new[] { "临民发〔2018〕12号", "临民发[2018]12号", "临民发（2018）12号" })
        {
            var results = await SearchAsync(query, site);
            Assert.NotEmpty(results.Hits);
            Assert.Equal("临民发〔2018〕12号", results.Hits[0].Document.DocumentNumber);
        }
    }

    [Fact]
    public async Task Keywords_find_a_document_whose_title_and_text_do_not_use_the_word()
    {
        var site = Guid.NewGuid();
        await AddAsync(Doc(site, "最低生活保障审批办事指南", "申请条件：家庭人均收入低于当地标准。") with { Keywords = "低保 社会救助" });

        var hit = Assert.Single((await SearchAsync("低保", site)).Hits);

        Assert.Equal("低保 社会救助", hit.Document.Keywords);
    }

    [Fact]
    public async Task Latin_words_and_numbers_are_searchable_regardless_of_case()
    {
        var site = Guid.NewGuid();
        await AddAsync(
            Doc(site, "PM2.5 监测数据公开", "本市 PM2.5 年均浓度下降。"),
            Doc(site, "12345 政务服务便民热线工作规范", "市民可拨打 12345 热线反映诉求。"));

        Assert.Equal(["PM2.5 监测数据公开"], Titles(await SearchAsync("pm2.5", site)));
        Assert.Equal(["12345 政务服务便民热线工作规范"], Titles(await SearchAsync("12345", site)));
    }

    [Fact]
    public async Task Every_word_of_a_query_must_match()
    {
        var site = Guid.NewGuid();
        await AddAsync(
            Doc(site, "低保申请办理指南", "申请低保需要提交的材料。"),
            Doc(site, "低保标准调整公告", "调整后的标准自下月起执行。"));

        Assert.Equal(["低保申请办理指南"], Titles(await SearchAsync("低保 申请", site)));
    }

    [Fact]
    public async Task One_site_never_sees_another_sites_documents_and_the_whole_cluster_sees_both()
    {
        var mine = Guid.NewGuid();
        var sibling = Guid.NewGuid();
        var marker = "甲" + Guid.NewGuid().ToString("N")[..6];
        await AddAsync(Doc(mine, $"本县低保公示{marker}", "公示。"), Doc(sibling, $"邻县低保公示{marker}", "公示。"));

        var own = await Index.SearchAsync(new SearchQuery { Text = marker, Sites = [mine] }, default);
        var both = await Index.SearchAsync(new SearchQuery { Text = marker }, default);
        var withoutSibling = await Index.SearchAsync(new SearchQuery { Text = marker, ExcludedSites = [sibling] }, default);

        Assert.Equal([mine], own.Hits.Select(h => h.Document.SiteId));
        Assert.Equal(2, both.Total);
        Assert.Equal([mine], withoutSibling.Hits.Select(h => h.Document.SiteId));
    }

    [Fact]
    public async Task Filters_narrow_by_column_type_year_and_disclosure_attribute()
    {
        var site = Guid.NewGuid();
        var policies = Guid.NewGuid();
        var notices = Guid.NewGuid();
        await AddAsync(
            Doc(site, "养老服务补贴政策", "养老。", column: policies, type: "PolicyDocument", published: new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            Doc(site, "养老机构检查通知", "养老。", column: notices, type: "Notice", published: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            Doc(site, "养老护理员培训通知", "养老。", column: notices, type: "Notice", published: new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), disclosure: "OnApplication"));

        Assert.Equal(["养老服务补贴政策"], Titles(await Index.SearchAsync(new SearchQuery { Text = "养老", Sites = [site], ColumnId = policies }, default)));
        Assert.Equal(2, (await Index.SearchAsync(new SearchQuery { Text = "养老", Sites = [site], ContentType = "Notice" }, default)).Total);
        Assert.Equal(2, (await Index.SearchAsync(new SearchQuery { Text = "养老", Sites = [site], Year = 2025 }, default)).Total);
        Assert.Equal(["养老机构检查通知"], Titles(await Index.SearchAsync(new SearchQuery { Text = "养老", Sites = [site], Year = 2026 }, default)));
        Assert.Equal(["养老护理员培训通知"], Titles(await Index.SearchAsync(new SearchQuery { Text = "养老", Sites = [site], Disclosure = "OnApplication" }, default)));
    }

    [Fact]
    public async Task Results_come_in_pages_and_sorted_by_date_newest_first_on_request()
    {
        var site = Guid.NewGuid();
        await AddAsync([.. Enumerable.Range(1, 25).Select(i => Doc(site, $"第{i}期救助资金发放公示", "救助资金。", published: Now.AddDays(-i)))]);

        var pages = new List<SearchResults>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await Index.SearchAsync(new SearchQuery { Text = "救助", Sites = [site], Sort = SearchSort.Date, Page = page, PageSize = 10 }, default));
        }

        Assert.All(pages, p => Assert.Equal(25, p.Total));
        Assert.Equal([10, 10, 5], pages.Select(p => p.Hits.Count));
        var all = pages.SelectMany(p => p.Hits).ToList();
        Assert.Equal(25, all.Select(h => h.Document.ItemId).Distinct().Count());
        Assert.Equal("第1期救助资金发放公示", all[0].Document.Title);
        Assert.Equal(all.Select(h => h.Document.PublishedAt).OrderDescending(), all.Select(h => h.Document.PublishedAt));
    }

    [Fact]
    public async Task Snippets_mark_the_matched_words_and_encode_everything_else()
    {
        var site = Guid.NewGuid();
        var filler = string.Concat(Enumerable.Repeat("根据有关规定，现将工作安排如下。", 12));
        await AddAsync(Doc(site, "关于低保资金的公告", $"{filler}请于月底前提交<低保>复核材料&证明。{filler}"));

        var hit = Assert.Single((await SearchAsync("低保", site)).Hits);

        Assert.Equal("关于<mark>低保</mark>资金的公告", hit.TitleHtml);
        Assert.Contains("&lt;<mark>低保</mark>&gt;复核材料&amp;证明", hit.SnippetHtml);
        Assert.StartsWith("…", hit.SnippetHtml);
        Assert.True(hit.SnippetHtml.Length < 300, hit.SnippetHtml);
    }

    [Fact]
    public async Task Upserting_replaces_by_key_and_deleting_an_item_removes_it_from_every_site()
    {
        var province = Guid.NewGuid();
        var county = Guid.NewGuid();
        var original = Doc(province, "全省养老服务条例", "条例全文。");
        var reposted = original with { SiteId = county, ColumnPath = "zcwj/sjwj" };
        await AddAsync(original, reposted);

        await AddAsync(original with { Title = "全省养老服务条例（修订）" });
        var edited = await Index.SearchAsync(new SearchQuery { Text = "养老服务条例", Sites = [province, county] }, default);
        await Index.DeleteItemAsync(original.ItemId, default);
        await Index.RefreshAsync(default);
        var afterDelete = await Index.SearchAsync(new SearchQuery { Text = "养老服务条例", Sites = [province, county] }, default);

        Assert.Equal(["全省养老服务条例", "全省养老服务条例（修订）"], Titles(edited).Order());
        Assert.Equal(province, reposted.SourceSiteId);
        Assert.Contains(edited.Hits, h => h.Document is { IsRepost: true, ColumnPath: "zcwj/sjwj" });
        Assert.Equal(0, afterDelete.Total);
    }

    [Fact]
    public async Task Deleting_a_site_removes_only_its_entries()
    {
        var gone = Guid.NewGuid();
        var stays = Guid.NewGuid();
        await AddAsync(Doc(gone, "撤并前的通知", "内容。"), Doc(stays, "保留站点的通知", "内容。"));

        await Index.DeleteSiteAsync(gone, default);
        await Index.RefreshAsync(default);

        Assert.Empty(await Index.KeysAsync(gone, default));
        Assert.Single(await Index.KeysAsync(stays, default));
    }

    [Fact]
    public async Task A_query_of_only_spaces_or_punctuation_finds_nothing_and_does_not_fail()
    {
        var site = Guid.NewGuid();
        await AddAsync(Doc(site, "通知", "内容。"));

        Assert.Equal(0, (await SearchAsync("   ", site)).Total);
        Assert.Equal(0, (await SearchAsync("，。！", site)).Total);
        Assert.Equal(0, (await SearchAsync("\"*?(", site)).Total);
    }

    protected static SearchDocument Doc(
        Guid site,
        string title,
        string text,
        string? number = null,
        Guid? column = null,
        string type = "Notice",
        DateTimeOffset? published = null,
        string disclosure = "Proactive") => new()
        {
            SiteId = site,
            ItemId = Guid.NewGuid(),
            SourceSiteId = site,
            ColumnId = column ?? Guid.NewGuid(),
            ColumnPath = "tzgg",
            ColumnName = "通知公告",
            ContentType = type,
            Title = title,
            Text = text,
            DocumentNumber = number,
            PublishedAt = published ?? Now,
            Disclosure = disclosure,
        };

    private async Task AddAsync(params SearchDocument[] documents)
    {
        await Index.UpsertAsync(documents, default);
        await Index.RefreshAsync(default);
    }

    private Task<SearchResults> SearchAsync(string text, Guid site) =>
        Index.SearchAsync(new SearchQuery { Text = text, Sites = [site] }, default);

    private static string[] Titles(SearchResults results) => [.. results.Hits.Select(h => h.Document.Title)];
}

/// <summary>One Lucene index in a temp folder for the whole class.</summary>
public sealed class LuceneIndexFixture : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sitecluster-lucene-" + Guid.NewGuid().ToString("N"));

    public LuceneIndexFixture() => Index = new LuceneSearchIndex(_folder);

    public LuceneSearchIndex Index { get; }

    public void Dispose()
    {
        Index.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class LuceneSearchIndexTests(LuceneIndexFixture fixture) : SearchIndexConformanceTests, IClassFixture<LuceneIndexFixture>
{
    protected override ISearchIndex Index => fixture.Index;

    [Fact]
    public void A_second_writer_on_the_same_folder_is_refused_with_a_clear_message()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sitecluster-lucene-" + Guid.NewGuid().ToString("N"));
        using (new LuceneSearchIndex(folder))
        {
            var error = Assert.Throws<SearchIndexLockedException>(() => new LuceneSearchIndex(folder));
            Assert.Contains("another process", error.Message);
        }

        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>The Elasticsearch at <c>ELASTICSEARCH_URL</c>, with an index of its own for this run (deleted at the end).</summary>
public sealed class ElasticsearchIndexFixture : IAsyncLifetime, IDisposable
{
    public const string Variable = "ELASTICSEARCH_URL";

    private readonly HttpClient _http = new();

    public ElasticsearchSearchIndex Index { get; private set; } = null!;

    private string IndexName { get; } = "sitecluster-test-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the Elasticsearch conformance tests only against a server (infra/test.sh leaves them out otherwise).");
        _http.BaseAddress = new Uri(url);
        Index = new ElasticsearchSearchIndex(_http, new ElasticsearchOptions { Url = url, Index = IndexName });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DeleteAsync(new Uri(IndexName, UriKind.Relative));

    public void Dispose() => _http.Dispose();
}

[Trait("Category", "Elasticsearch")]
public sealed class ElasticsearchSearchIndexTests(ElasticsearchIndexFixture fixture) : SearchIndexConformanceTests, IClassFixture<ElasticsearchIndexFixture>
{
    protected override ISearchIndex Index => fixture.Index;
}
