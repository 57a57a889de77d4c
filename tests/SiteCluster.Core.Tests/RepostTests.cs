using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>转载 pushes: only downward, one live reference per receiving site, no copy of the content.</summary>
public abstract class RepostTests(ClockedFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_push_reaches_every_site_below_in_its_column_for_the_node_once_and_copies_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishNoticeAsync(tree.Province, "关于做好冬春救助工作的通知");

        var first = await PushAsync(tree.Province, item, new PushTargets(AllBelow: true));
        var again = await PushAsync(tree.Province, item, new PushTargets(AllBelow: true));

        Assert.Equal((2, 0), (first.Created, first.AlreadyThere));
        Assert.Equal((0, 2), (again.Created, again.AlreadyThere));
        foreach (var slug in new[] { tree.City, tree.County })
        {
            await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var repost = await db.Reposts.SingleAsync();
            var policyColumn = await db.Columns.Where(c => c.CatalogueCode == "02").Select(c => c.Id).SingleAsync();
            Assert.Equal((item, policyColumn, RepostState.Shown), (repost.SourceItemId, repost.ColumnId, repost.State));
            Assert.Equal(0, await db.ContentItems.CountAsync());
        }
    }

    [Fact]
    public async Task A_city_passes_a_provincial_policy_on_to_its_counties_and_they_point_at_the_original()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishNoticeAsync(tree.Province, "省政府关于养老服务的意见");
        await PushAsync(tree.Province, item, new PushTargets(Sites: [tree.City]));

        var passedOn = await PushAsync(tree.City, item, new PushTargets(AllBelow: true));

        Assert.Equal(1, passedOn.Created);
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        var repost = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.SingleAsync();
        Assert.Equal((item, TestSites.Site(Services, tree.Province).Id), (repost.SourceItemId, repost.SourceSiteId));
    }

    [Fact]
    public async Task Pushing_up_or_sideways_is_refused_and_writes_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var other = await TestSites.CreateContentTreeAsync(Services);
        var countyItem = await PublishNoticeAsync(tree.County, "县级通知");
        var cityItem = await PublishNoticeAsync(tree.City, "市级通知");

        var up = await Assert.ThrowsAsync<RepostException>(() => PushAsync(tree.County, countyItem, new PushTargets(Sites: [tree.City])));
        var sideways = await Assert.ThrowsAsync<RepostException>(() => PushAsync(tree.City, cityItem, new PushTargets(Sites: [other.County])));
        var nowhere = await Assert.ThrowsAsync<RepostException>(() => PushAsync(tree.County, countyItem, new PushTargets(AllBelow: true)));

        Assert.Equal((RepostProblem.NotBelow, tree.City), (up.Problem, up.Site));
        Assert.Contains(tree.City, up.Message, StringComparison.Ordinal);
        Assert.Equal(RepostProblem.NotBelow, sideways.Problem);
        Assert.Equal(RepostProblem.NoTargets, nowhere.Problem);
        foreach (var slug in new[] { tree.Province, tree.City, other.County })
        {
            await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.CountAsync());
        }
    }

    [Fact]
    public async Task A_push_by_level_reaches_only_that_level_and_only_editors_of_published_items_may_push()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var item = await PublishNoticeAsync(tree.Province, "省级通知");
        var draft = await InSiteAsync(tree.Province, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c, "草稿通知")));

        var counties = await PushAsync(tree.Province, item, new PushTargets(Levels: [SiteLevel.County]));
        var notPublic = await Assert.ThrowsAsync<RepostException>(() => PushAsync(tree.Province, draft.Id, new PushTargets(AllBelow: true)));
        await Assert.ThrowsAsync<ContentPermissionException>(() => PushAsync(tree.Province, item, new PushTargets(AllBelow: true), Reviewer));

        Assert.Equal(1, counties.Created);
        Assert.Equal(RepostProblem.NotPublic, notPublic.Problem);
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.City));
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.CountAsync());
    }

    [Fact]
    public async Task A_detached_repost_becomes_a_local_copy_with_its_own_files_that_no_longer_follows_the_source()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        Guid pdf;
        await using (var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.Province)))
        {
            using var bytes = new MemoryStream("%PDF-1.4\n%%EOF\n"u8.ToArray());
            pdf = (await scope.ServiceProvider.GetRequiredService<Media.MediaService>().UploadAsync(bytes, "救助标准.pdf")).Id;
        }

        var item = await InSiteAsync(tree.Province, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c, "关于调整救助标准的通知") with
        {
            Body = $"<p>见附件。</p><p><a href=\"/media/{pdf}/救助标准.pdf\">救助标准</a></p>",
            Attachments = [new ContentAttachment(pdf, "救助标准.pdf")],
        }));
        await InSiteAsync(tree.Province, (s, _) => s.SubmitAsync(Editor, item.Id));
        await InSiteAsync(tree.Province, (s, _) => s.ApproveAsync(Reviewer, item.Id));
        await PushAsync(tree.Province, item.Id, new PushTargets(Sites: [tree.County]), code: "04");

        ContentItem copy;
        await using (var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County)))
        {
            var repost = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.SingleAsync();
            copy = await scope.ServiceProvider.GetRequiredService<RepostService>().DetachAsync(Editor, repost.Id);
        }

        await InSiteAsync(tree.Province, async (s, _) =>
        {
            var draft = await s.GetDraftAsync(item.Id);
            await s.SaveAsync(Editor, item.Id, draft with { Title = "关于再次调整救助标准的通知" }, 1);
            await s.SubmitAsync(Editor, item.Id);
            return await s.ApproveAsync(Reviewer, item.Id);
        });

        await using var county = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        var db = county.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var local = await db.ContentItems.SingleAsync(i => i.Id == copy.Id);
        var file = await db.MediaItems.SingleAsync();
        Assert.Equal(("关于调整救助标准的通知", ContentStatus.Published, TestSites.Site(Services, tree.Province).Name), (local.Title, local.Status, local.Source));
        Assert.Equal(file.Id, Assert.Single(local.Attachments).MediaId);
        Assert.NotEqual(pdf, file.Id);
        Assert.Contains($"/media/{file.Id}/", local.Body, StringComparison.Ordinal);
        Assert.Equal(0, await db.Reposts.CountAsync());
    }

    [Fact]
    public async Task A_subscription_to_a_column_above_back_fills_and_receives_each_later_publish_until_it_ends()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var other = await TestSites.CreateContentTreeAsync(Services);
        var before = await PublishNoticeAsync(tree.Province, "订阅前的通知");

        var filled = await SubscriptionsOf(tree.County, s => s.SubscribeAsync(Editor, tree.Province, "04", hold: false, backfill: true));
        var held = await SubscriptionsOf(tree.City, s => s.SubscribeAsync(Editor, tree.Province, "04", hold: true, backfill: false));
        var sideways = await Assert.ThrowsAsync<RepostException>(() => SubscriptionsOf(tree.County, s => s.SubscribeAsync(Editor, other.Province, "04", hold: false, backfill: true)));
        var after = await PublishNoticeAsync(tree.Province, "订阅后的通知");

        Assert.Equal((1, 0), (filled, held));
        Assert.Equal(RepostProblem.NotAbove, sideways.Problem);
        Assert.Equal([(before, RepostState.Shown), (after, RepostState.Shown)], await RepostsOf(tree.County));
        Assert.Equal([(after, RepostState.Pending)], await RepostsOf(tree.City));

        var subscription = (await SubscriptionsOf(tree.County, s => s.ListAsync())).Single();
        Assert.Equal(TestSites.Site(Services, tree.Province).Name, subscription.SourceSite);
        await SubscriptionsOf(tree.County, s => s.UnsubscribeAsync(Editor, subscription.Id));
        var later = await PublishNoticeAsync(tree.Province, "取消订阅后的通知");

        Assert.DoesNotContain(later, (await RepostsOf(tree.County)).Select(r => r.Item));
        Assert.Contains(later, (await RepostsOf(tree.City)).Select(r => r.Item));
    }

    private async Task<T> SubscriptionsOf<T>(string slug, Func<RepostSubscriptions, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        return await work(scope.ServiceProvider.GetRequiredService<RepostSubscriptions>());
    }

    private async Task<List<(Guid Item, RepostState State)>> RepostsOf(string slug)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        var reposts = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Reposts.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync();
        return [.. reposts.Select(r => (r.SourceItemId, r.State))];
    }

    private async Task<PushResult> PushAsync(string slug, Guid item, PushTargets targets, ContentActor? actor = null, string code = "02")
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        return await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(actor ?? Editor, item, targets, code, hold: false);
    }

    private async Task<Guid> PublishNoticeAsync(string slug, string title)
    {
        var item = await InSiteAsync(slug, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c, title)));
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

public sealed class RepostSqliteTests(ClockedSqliteFixture fixture) : RepostTests(fixture), IClassFixture<ClockedSqliteFixture>;

public sealed class RepostPostgresTests(ClockedPostgresFixture fixture) : RepostTests(fixture), IClassFixture<ClockedPostgresFixture>;
