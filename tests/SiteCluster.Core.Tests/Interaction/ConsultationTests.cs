using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Interaction;

/// <summary>意见征集: open from its first day to its deadline, refused outside it, feedback after it, comments never public, one site's only.</summary>
public abstract class ConsultationTests(ApplicationsFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Comments_are_taken_only_while_open_and_the_feedback_is_published_after_the_deadline_with_the_count()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 8, 25));
        var id = await CreateAsync(tree.County, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30));
        var draftOnly = await InSite(tree.County, s => s.FindPublishedAsync(id));
        await InSite(tree.County, s => s.PublishAsync(Editor, id));

        var early = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.CommentAsync(id, new CommentForm("提前提交的意见", null, null))));
        fixture.Clock.Set(new DateOnly(2026, 9, 1));
        await InSite(tree.County, s => s.CommentAsync(id, new CommentForm("建议提高补贴标准。", "张三", "13800000000")));
        fixture.Clock.Set(new DateOnly(2026, 9, 30));
        await InSite(tree.County, s => s.CommentAsync(id, new CommentForm("建议简化申领材料。", null, null)));
        var tooEarly = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.PublishFeedbackAsync(Editor, id, "采纳情况")));
        var emptyComment = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.CommentAsync(id, new CommentForm(" ", null, null))));

        fixture.Clock.Set(new DateOnly(2026, 10, 1));
        var late = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.CommentAsync(id, new CommentForm("截止后的意见", null, null))));
        var waiting = await InSite(tree.County, s => s.ClosedWithoutFeedbackAsync());
        await InSite(tree.County, s => s.PublishFeedbackAsync(Editor, id, "共收到意见2条，采纳1条；“简化申领材料”已采纳。\n“提高补贴标准”受财力限制暂不采纳。"));
        var published = await InSite(tree.County, s => s.FindPublishedAsync(id));
        var closed = (await InSite(tree.County, s => s.ClosedAsync(1, 20))).Entries;

        Assert.Null(draftOnly);
        Assert.Contains("2026-09-01", early.Message, StringComparison.Ordinal);
        Assert.Contains("已于 2026-09-30 截止，不再接受意见", late.Message, StringComparison.Ordinal);
        Assert.NotNull(tooEarly);
        Assert.True(emptyComment.Fields.ContainsKey(nameof(CommentForm.Body)));
        Assert.Equal(1, waiting);
        Assert.Equal(0, await InSite(tree.County, s => s.ClosedWithoutFeedbackAsync()));
        Assert.Equal((2, ConsultationPhase.Closed), (published!.Comments, published.Consultation.PhaseOn(new DateOnly(2026, 10, 1))));
        Assert.StartsWith("共收到意见2条", published.Consultation.Feedback, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(closed).Comments);
    }

    [Fact]
    public async Task A_draft_is_sanitised_the_dates_are_checked_and_only_editors_manage_consultations()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 8, 25));

        var saved = await InSite(tree.County, s => s.SaveAsync(Editor, null, new ConsultationForm(
            "关于《县养老服务补贴办法（征求意见稿）》公开征求意见的公告", "<p>征求意见稿正文</p><script>alert(1)</script>", null, null, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30))));
        var wrong = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.SaveAsync(Editor, null, new ConsultationForm(
            "", null, null, null, new DateOnly(2026, 9, 30), new DateOnly(2026, 9, 1)))));
        var reviewer = await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(tree.County, s => s.PublishAsync(new ContentActor("user:r", new HashSet<SiteRole> { SiteRole.Reviewer }), saved.Id)));

        Assert.Equal("<p>征求意见稿正文</p>", saved.Body);
        Assert.Equal("测试县人民政府办公室", saved.Organiser);
        Assert.Equal(["Body", "EndsOn", "Title"], wrong.Fields.Keys.Order());
        Assert.NotNull(reviewer);
    }

    [Fact]
    public async Task A_consultations_document_is_the_sites_own_and_cannot_be_deleted_while_attached()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var other = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 8, 25));
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        Media.MediaItem document;
        await using (var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County)))
        {
            scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
            document = await scope.ServiceProvider.GetRequiredService<Media.MediaService>().UploadAsync(new MemoryStream(pdf), "征求意见稿.pdf");
        }

        var saved = await InSite(tree.County, s => s.SaveAsync(Editor, null, new ConsultationForm("附件征求意见", null, document.Id, null, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30))));
        var foreign = await Assert.ThrowsAsync<InteractionException>(() => InSite(other.County, s => s.SaveAsync(Editor, null, new ConsultationForm("别站附件", null, document.Id, null, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)))));

        Assert.Equal("征求意见稿.pdf", saved.AttachmentName);
        Assert.True(foreign.Fields.ContainsKey(nameof(ConsultationForm.AttachmentId)));
        await using var check = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        check.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        await Assert.ThrowsAsync<Media.MediaInUseException>(() => check.ServiceProvider.GetRequiredService<Media.MediaService>().DeleteUnusedAsync(document.Id));
    }

    [Fact]
    public async Task Commenters_details_are_never_in_the_audit_log_and_opening_them_is_recorded()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 9, 10));
        var id = await CreateAsync(tree.County, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30));
        await InSite(tree.County, s => s.PublishAsync(Editor, id));
        await InSite(tree.County, s => s.CommentAsync(id, new CommentForm("建议延长服务时间。", "李四", "13900000001")));

        var comments = await InSite(tree.County, s => s.OpenCommentsAsync(Editor, id));

        Assert.Equal("李四", Assert.Single(comments).AuthorName);
        Assert.Equal("13900000001", comments[0].Contact);
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        var log = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AuditEntries.ToListAsync();
        Assert.Contains(log, e => e.Action == AuditAction.ApplicantDataViewed && e.EntityId == id.ToString());
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains("李四", StringComparison.Ordinal) || (e.Before + e.After).Contains("13900000001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sites_consultations_and_comments_are_invisible_to_another_site()
    {
        var a = await TestSites.CreateContentTreeAsync(Services);
        var b = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 9, 10));
        var id = await CreateAsync(a.County, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30));
        await InSite(a.County, s => s.PublishAsync(Editor, id));
        await InSite(a.County, s => s.CommentAsync(id, new CommentForm("意见", "王五", "13700000000")));

        Assert.Null(await InSite(b.County, s => s.FindPublishedAsync(id)));
        Assert.Empty(await InSite(b.County, s => s.CurrentAsync()));
        Assert.Equal(0, (await InSite(b.County, s => s.ClosedAsync(1, 20))).Total);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => InSite(b.County, s => s.CommentAsync(id, new CommentForm("别站的意见", null, null))));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => InSite(b.County, s => s.PublishAsync(Editor, id)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => InSite(b.County, s => s.OpenCommentsAsync(Editor, id)));
        Assert.Equal(1, await InSite(a.County, s => s.CountAsync(id)));

        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, b.County));
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var raw = await db.ConsultationComments.FromSqlRaw("SELECT * FROM \"ConsultationComments\"").IgnoreQueryFilters().CountAsync(c => c.ConsultationId == id);
        if (fixture.Provider == DatabaseProvider.PostgreSql)
        {
            // Row-level security hides the other site's rows even from SQL that skips the filter.
            Assert.Equal(0, raw);
        }
    }

    [Fact]
    public async Task Closed_consultations_come_twenty_to_a_page_newest_first_while_open_ones_are_all_listed()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 6, 1));
        var closed = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            // Each a day later than the one before, all over by the clock's day.
            var id = await CreateAsync(tree.County, new DateOnly(2026, 1, 1).AddDays(i), new DateOnly(2026, 2, 1).AddDays(i));
            await InSite(tree.County, s => s.PublishAsync(Editor, id));
            closed.Add(id);
        }

        var open = await CreateAsync(tree.County, new DateOnly(2026, 5, 20), new DateOnly(2026, 6, 20));
        await InSite(tree.County, s => s.PublishAsync(Editor, open));
        await CreateAsync(tree.County, new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 30));

        var current = await InSite(tree.County, s => s.CurrentAsync());
        var first = await InSite(tree.County, s => s.ClosedAsync(1, 20));
        var second = await InSite(tree.County, s => s.ClosedAsync(2, 20));
        var beyond = await InSite(tree.County, s => s.ClosedAsync(9, 20));

        Assert.Equal([open], current.Select(c => c.Consultation.Id));
        Assert.Equal((1, 23), (first.Number, first.Total));
        Assert.Equal(closed.AsEnumerable().Reverse().Take(20), first.Entries.Select(c => c.Consultation.Id));
        Assert.Equal(closed.Take(3).Reverse(), second.Entries.Select(c => c.Consultation.Id));
        Assert.Equal(2, beyond.Number);
        Assert.Equal(second.Entries.Select(c => c.Consultation.Id), beyond.Entries.Select(c => c.Consultation.Id));
    }

    private async Task<Guid> CreateAsync(string slug, DateOnly starts, DateOnly ends) =>
        (await InSite(slug, s => s.SaveAsync(Editor, null, new ConsultationForm("关于县城市容管理办法（征求意见稿）公开征求意见的公告", "<p>征求意见稿</p>", null, "县城市管理局", starts, ends)))).Id;

    private async Task<T> InSite<T>(string slug, Func<Consultations, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        return await work(scope.ServiceProvider.GetRequiredService<Consultations>());
    }
}

public sealed class ConsultationSqliteTests(ApplicationsSqliteFixture fixture) : ConsultationTests(fixture), IClassFixture<ApplicationsSqliteFixture>;

public sealed class ConsultationPostgresTests(ApplicationsPostgresFixture fixture) : ConsultationTests(fixture), IClassFixture<ApplicationsPostgresFixture>;
