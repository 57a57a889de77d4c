using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Search;
using SiteCluster.Core.Search.Lucene;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Search;

/// <summary>
/// The index follows what the sites show, through the outbox: publish, edit, withdraw, expiry,
/// reposts on every receiving site, rebuilds, and a crash between a change and its indexing.
/// </summary>
public abstract class SearchIndexerTests(ClockedFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    private IServiceProvider Services => fixture.Services;

    private ISearchIndex Index => Services.GetRequiredService<ISearchIndex>();

    [Fact]
    public async Task A_publish_writes_the_outbox_in_its_transaction_and_is_found_once_the_indexer_has_run()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishAsync(tree.County, "关于调整城乡低保标准的通知");

        Assert.Contains(item, await OutboxItemsAsync());
        Assert.Empty(await TitlesAsync(tree.County, "低保"));

        await IndexPendingAsync();

        Assert.Equal(["关于调整城乡低保标准的通知"], await TitlesAsync(tree.County, "低保"));
        Assert.DoesNotContain(item, await OutboxItemsAsync());
    }

    [Fact]
    public async Task Drafts_and_items_not_proactively_disclosed_are_never_found()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        await InSiteAsync(tree.County, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c, "低保资金草稿")));
        await PublishAsync(tree.County, "低保对象名单", draft => draft with
        {
            Disclosure = DisclosureAttribute.OnApplication,
            DisclosureReason = NonDisclosureReason.PersonalPrivacy,
            DisclosureNote = "名单含个人信息，依申请公开。",
        });

        await IndexPendingAsync();

        Assert.Empty(await TitlesAsync(tree.County, "低保"));
    }

    [Fact]
    public async Task An_edit_shows_in_search_and_a_withdrawal_removes_the_item()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishAsync(tree.County, "养老服务补贴发放公告");
        await IndexPendingAsync();

        var draft = await InSiteAsync(tree.County, (s, _) => s.GetDraftAsync(item));
        await InSiteAsync(tree.County, (s, _) => s.SaveAsync(Editor, item, draft with { Title = "养老服务补贴发放公告（第二批）" }, 1));
        await InSiteAsync(tree.County, (s, _) => s.SubmitAsync(Editor, item));
        await InSiteAsync(tree.County, (s, _) => s.ApproveAsync(Reviewer, item));
        await IndexPendingAsync();
        var edited = await TitlesAsync(tree.County, "养老");

        await InSiteAsync(tree.County, (s, _) => s.WithdrawAsync(Reviewer, item, "内容有误"));
        await IndexPendingAsync();

        Assert.Equal(["养老服务补贴发放公告（第二批）"], edited);
        Assert.Empty(await TitlesAsync(tree.County, "养老"));
    }

    [Fact]
    public async Task Expired_items_stay_findable_marked_until_the_site_hides_expired_content()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var today = BeijingTime.Today(fixture.Clock);
        await PublishAsync(tree.County, "医疗救助临时措施", draft => draft with { ExpiryDate = today.AddDays(1) });
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await Services.GetRequiredService<ContentScheduler>().RunAsync();
        await IndexPendingAsync();
        var marked = await HitsAsync(tree.County, "医疗救助");

        await SetExpiredDisplayAsync(tree.County, ExpiredContentDisplay.Hide);
        await IndexPendingAsync();

        Assert.True(Assert.Single(marked).Document.Expired);
        Assert.Empty(await HitsAsync(tree.County, "医疗救助"));
    }

    [Fact]
    public async Task A_repost_is_found_on_each_receiving_site_under_its_own_column_and_follows_the_source()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var sibling = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishAsync(tree.Province, "全省最低生活保障工作规程");
        await PublishAsync(sibling.County, "邻县最低生活保障工作规程");
        await PushAsync(tree.Province, item);
        await IndexPendingAsync();

        var county = Assert.Single(await HitsAsync(tree.County, "最低生活保障"));
        var draft = await InSiteAsync(tree.Province, (s, _) => s.GetDraftAsync(item));
        await InSiteAsync(tree.Province, (s, _) => s.SaveAsync(Editor, item, draft with { Title = "全省最低生活保障工作规程（2026年修订）" }, 1));
        await InSiteAsync(tree.Province, (s, _) => s.SubmitAsync(Editor, item));
        await InSiteAsync(tree.Province, (s, _) => s.ApproveAsync(Reviewer, item));
        await IndexPendingAsync();
        var afterEdit = await TitlesAsync(tree.County, "最低生活保障");
        var cityAfterEdit = await TitlesAsync(tree.City, "最低生活保障");
        await InSiteAsync(tree.Province, (s, _) => s.WithdrawAsync(Reviewer, item, "已废止"));
        await IndexPendingAsync();

        Assert.Equal((item, TestSites.Site(Services, tree.Province).Id, true), (county.Document.ItemId, county.Document.SourceSiteId, county.Document.IsRepost));
        Assert.StartsWith("zcwj", county.Document.ColumnPath);
        Assert.Equal(["全省最低生活保障工作规程（2026年修订）"], afterEdit);
        Assert.Equal(["全省最低生活保障工作规程（2026年修订）"], cityAfterEdit);
        Assert.Empty(await TitlesAsync(tree.County, "最低生活保障"));
        Assert.Empty(await TitlesAsync(tree.City, "最低生活保障"));
        Assert.Empty(await TitlesAsync(tree.Province, "最低生活保障"));
        Assert.Equal(["邻县最低生活保障工作规程"], await TitlesAsync(sibling.County, "最低生活保障"));
    }

    [Fact]
    public async Task Rebuilding_from_the_database_gives_the_same_index_as_incremental_indexing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var policy = await PublishAsync(tree.Province, "关于加强婚姻登记管理的意见");
        await PushAsync(tree.Province, policy);
        await PublishAsync(tree.County, "婚姻登记预约办理须知");
        var withdrawn = await PublishAsync(tree.County, "婚姻登记处搬迁公告");
        await InSiteAsync(tree.County, (s, _) => s.WithdrawAsync(Reviewer, withdrawn, "已搬迁完成"));
        await IndexPendingAsync();
        var sites = new[] { tree.Province, tree.City, tree.County }.Select(s => TestSites.Site(Services, s).Id).ToList();
        var incremental = await SnapshotAsync(sites, "婚姻");

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RebuildAsync(null, default);
        }

        Assert.Equal(4, incremental.Keys.Count);
        Assert.Equal(incremental.Keys, (await SnapshotAsync(sites, "婚姻")).Keys);
        Assert.Equal(incremental.Results, (await SnapshotAsync(sites, "婚姻")).Results);
    }

    [Fact]
    public async Task After_a_crash_between_a_change_and_its_indexing_the_next_indexer_catches_up_and_indexing_twice_duplicates_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishAsync(tree.County, "救灾物资发放公示");

        // The process that made the change died before indexing: its index never saw it. The
        // next one starts with its own index and the outbox the change left behind.
        var folder = Path.Combine(Path.GetTempPath(), "sitecluster-search-" + Guid.NewGuid().ToString("N"));
        using (var restarted = new LuceneSearchIndex(folder))
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                var indexer = new SearchIndexer(
                    scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>(),
                    scope.ServiceProvider.GetRequiredService<IClusterScope>(),
                    Services.GetRequiredService<ISiteRegistry>(),
                    restarted,
                    new SearchIndexingLock(),
                    NullLogger<SearchIndexer>.Instance);
                while (await indexer.ProcessPendingAsync(100, default) > 0)
                {
                }
            }

            var site = TestSites.Site(Services, tree.County).Id;
            Assert.Equal(["救灾物资发放公示"], (await restarted.SearchAsync(new SearchQuery { Text = "救灾", Sites = [site] }, default)).Hits.Select(h => h.Document.Title));

            // Indexed, then died before deleting the entry: the entry is indexed again, once.
            await using (var scope = Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
                db.SearchOutbox.Add(new SearchOutboxEntry { ItemId = item, CreatedAt = fixture.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }

            await IndexPendingAsync();
            await IndexPendingAsync();
            Assert.Equal([SearchKeys.Of(site, item)], await Index.KeysAsync(site, default));
        }

        Directory.Delete(folder, recursive: true);
    }

    private async Task<(IReadOnlyList<string> Keys, IReadOnlyList<string> Results)> SnapshotAsync(IReadOnlyList<Guid> sites, string text)
    {
        var keys = new List<string>();
        foreach (var site in sites)
        {
            keys.AddRange(await Index.KeysAsync(site, default));
        }

        var results = await Index.SearchAsync(new SearchQuery { Text = text, Sites = [.. sites], Sort = SearchSort.Date }, default);
        return (keys, [.. results.Hits.Select(h => $"{h.Document.Key} {h.Document.Title} {h.Document.ColumnPath} {h.SnippetHtml}")]);
    }

    private async Task IndexPendingAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
        while (await indexer.ProcessPendingAsync(100, default) > 0)
        {
        }
    }

    private async Task<List<Guid>> OutboxItemsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().SearchOutbox.Where(e => e.ItemId != null).Select(e => e.ItemId!.Value).ToListAsync();
    }

    private async Task<IReadOnlyList<SearchHit>> HitsAsync(string slug, string text) =>
        (await Index.SearchAsync(new SearchQuery { Text = text, Sites = [TestSites.Site(Services, slug).Id] }, default)).Hits;

    private async Task<List<string>> TitlesAsync(string slug, string text) =>
        [.. (await HitsAsync(slug, text)).Select(h => h.Document.Title)];

    private async Task SetExpiredDisplayAsync(string slug, ExpiredContentDisplay display)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            using (scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("test: site setting"))
            {
                var site = await db.Sites.SingleAsync(s => s.Slug == slug);
                site.ExpiredContent = display;
                await db.SaveChangesAsync();
            }
        }

        await Services.GetRequiredService<ISiteRegistry>().ReloadAsync();
    }

    private async Task PushAsync(string slug, Guid item)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(Editor, item, new PushTargets(AllBelow: true), "02", hold: false);
    }

    private async Task<Guid> PublishAsync(string slug, string title, Func<ContentDraft, ContentDraft>? change = null)
    {
        var item = await InSiteAsync(slug, (s, c) => s.CreateAsync(Editor, "Notice", (change ?? (d => d))(Notice(c, title))));
        await InSiteAsync(slug, (s, _) => s.SubmitAsync(Editor, item.Id));
        await InSiteAsync(slug, (s, _) => s.ApproveAsync(Reviewer, item.Id));
        return item.Id;
    }

    private static ContentDraft Notice(Guid column, string title) => new() { ColumnId = column, Title = title, Body = "<p>特此通知。</p>", Publisher = "办公室" };

    private async Task<T> InSiteAsync<T>(string slug, Func<ContentService, Guid, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        var notices = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        return await work(scope.ServiceProvider.GetRequiredService<ContentService>(), notices);
    }
}

public sealed class SearchIndexerSqliteFixture() : ClockedFixture(DatabaseProvider.Sqlite);

public sealed class SearchIndexerPostgresFixture() : ClockedFixture(DatabaseProvider.PostgreSql);

public sealed class SearchIndexerSqliteTests(SearchIndexerSqliteFixture fixture) : SearchIndexerTests(fixture), IClassFixture<SearchIndexerSqliteFixture>;

public sealed class SearchIndexerPostgresTests(SearchIndexerPostgresFixture fixture) : SearchIndexerTests(fixture), IClassFixture<SearchIndexerPostgresFixture>;
