using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Publishing;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>One migrated database per test class with a clock the tests move by hand.</summary>
public abstract class ClockedFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreHost? _host;

    /// <summary>Starts at 2026-11-23 10:00 Beijing time; tests only move it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The fixture has not started.")).Services;

    public DatabaseProvider Provider => provider;

    public async Task InitializeAsync() =>
        _host = await CoreHost.StartAsync(provider, services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class ClockedSqliteFixture() : ClockedFixture(DatabaseProvider.Sqlite);

public sealed class ClockedPostgresFixture() : ClockedFixture(DatabaseProvider.PostgreSql);

/// <summary>
/// The publishing workflow as webmasters and reviewers meet it: draft, confidentiality review,
/// publish now or later, expiry, withdrawal, versions and restore, and the checks in between.
/// </summary>
public abstract class ContentWorkflowTests(ClockedFixture fixture)
{
    // A valid mainland ID number (check digit X) and one with a wrong check digit.
    private const string ValidId = "11010519491231002X";
    private const string InvalidId = "110105194912310021";

    private const string FailMarker = "FAIL-PUBLISH";

    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });
    private static readonly ContentActor Supervisor = new("user:city-office", new HashSet<SiteRole> { SiteRole.Supervisor });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_draft_goes_live_only_after_review_with_its_metadata_and_an_index_number()
    {
        var site = await NewCountyAsync();
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "PolicyDocument", Policy(c["0201"], "关于做好冬季救助工作的通知")));

        Assert.Empty(await PublicTitlesAsync(site));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        Assert.Empty(await PublicTitlesAsync(site));
        var published = await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id, "同意发布"));

        Assert.Equal((ContentStatus.Published, ReviewState.None, 1), (published.Status, published.Review, published.PublishedVersion));
        Assert.Equal($"{site.SiteCode}/2026-00001", published.IndexNumber);
        Assert.Equal(fixture.Clock.GetUtcNow(), published.PublishedAt);
        Assert.Equal(["关于做好冬季救助工作的通知"], await PublicTitlesAsync(site));
        var live = await LoadAsync(site, item.Id);
        Assert.Equal(("测试县民政局", "测民发〔2026〕7号", new DateOnly(2026, 11, 20), "民政、扶贫、救灾"), (live.Publisher, live.DocumentNumber, live.WrittenDate, live.TopicCategory));
    }

    [Fact]
    public async Task Roles_decide_who_edits_reviews_and_withdraws_and_nobody_approves_their_own_submission()
    {
        var site = await NewCountyAsync();
        await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(site, (s, c) => s.CreateAsync(Supervisor, "Notice", Notice(c["04"], "通知"))));
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "停水通知")));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));

        await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(site, (s, _) => s.ApproveAsync(Editor, item.Id)));
        var editorAndReviewer = new ContentActor(Editor.Name, new HashSet<SiteRole> { SiteRole.Editor, SiteRole.Reviewer });
        var own = await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(site, (s, _) => s.ApproveAsync(editorAndReviewer, item.Id)));
        Assert.Contains("自己", own.Message, StringComparison.Ordinal);

        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
        await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(site, (s, _) => s.WithdrawAsync(Editor, item.Id, "错发")));
        var withdrawn = await InSite(site, (s, _) => s.WithdrawAsync(Reviewer, item.Id, "内容有误"));
        Assert.Equal(ContentStatus.Withdrawn, withdrawn.Status);
        Assert.Empty(await PublicTitlesAsync(site));
    }

    [Fact]
    public async Task Roles_come_from_the_users_memberships_on_the_current_site()
    {
        var site = await NewCountyAsync();
        var other = TestSites.Site(Services, (await TestSites.CreateTreeAsync(Services)).County);
        var userName = $"u{TestSites.NewSuffix()}";
        await TestSites.ApplyAsync(Services, $$"""
            { "steps": [ { "name": "users", "users": [ { "userName": "{{userName}}", "memberships": [
                { "site": "{{site.Slug}}", "role": "Reviewer" }, { "site": "{{other.Slug}}", "role": "Editor" } ] } ] } ] }
            """);
        Guid userId;
        await using (var scope = Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Users.SingleAsync(u => u.UserName == userName)).Id;
        }

        var here = await InSite(site, async (_, _, sp) => await sp.GetRequiredService<ContentActors>().ForUserAsync(userId));
        var there = await InSite(other, async (_, _, sp) => await sp.GetRequiredService<ContentActors>().ForUserAsync(userId));

        Assert.True(here.Can(ContentPermission.Review));
        Assert.False(here.Can(ContentPermission.Edit));
        Assert.True(there.Can(ContentPermission.Edit));
        Assert.False(there.Can(ContentPermission.Review));
    }

    [Fact]
    public async Task An_edit_to_published_content_stays_offline_until_approved_and_an_old_version_can_be_restored()
    {
        var site = await NewCountyAsync();
        var item = await PublishAsync(site, "Notice", c => Notice(c["04"], "第一版标题"));
        var draft = await InSite(site, (s, _) => s.GetDraftAsync(item.Id));

        await InSite(site, (s, _) => s.SaveAsync(Editor, item.Id, draft with { Title = "第二版标题" }, expectedVersion: 1));
        Assert.Equal(["第一版标题"], await PublicTitlesAsync(site));
        await Assert.ThrowsAsync<ContentConflictException>(() => InSite(site, (s, _) => s.SaveAsync(Editor, item.Id, draft with { Title = "过时的编辑" }, expectedVersion: 1)));

        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
        Assert.Equal(["第二版标题"], await PublicTitlesAsync(site));

        var restored = await InSite(site, (s, _) => s.RestoreAsync(Editor, item.Id, 1));
        Assert.Equal(3, restored.CurrentVersion);
        Assert.Equal("第一版标题", (await InSite(site, (s, _) => s.GetDraftAsync(item.Id))).Title);
        var history = await InSite(site, (s, _) => s.HistoryAsync(item.Id));
        Assert.Equal(["恢复自第 1 版", "保存", "创建"], history.Select(v => v.Note));

        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        var republished = await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
        Assert.Equal(["第一版标题"], await PublicTitlesAsync(site));
        Assert.Equal(item.IndexNumber, republished.IndexNumber);
    }

    [Fact]
    public async Task Content_not_proactively_disclosed_needs_a_reason_and_is_never_public()
    {
        var site = await NewCountyAsync();
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "内部工作安排") with { Disclosure = DisclosureAttribute.OnApplication }));

        var refused = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id)));
        Assert.Contains(refused.Problems, p => p.Kind == ContentProblemKind.ReasonRequired);

        var draft = await InSite(site, (s, _) => s.GetDraftAsync(item.Id));
        await InSite(site, (s, _) => s.SaveAsync(Editor, item.Id, draft with { DisclosureReason = NonDisclosureReason.InternalManagement, DisclosureNote = "属于内部管理信息" }, 1));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        var published = await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));

        Assert.Equal(ContentStatus.Published, published.Status);
        Assert.NotNull(published.IndexNumber);
        Assert.Empty(await PublicTitlesAsync(site));
    }

    [Fact]
    public async Task A_policy_with_a_valid_ID_number_is_blocked_until_masked()
    {
        var site = await NewCountyAsync();
        var body = $"<p>申请人张某，身份证号 {ValidId}，联系电话 13812345678。</p>";
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "PolicyDocument", Policy(c["0201"], "关于张某低保申请的批复") with { Body = body }));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));

        var blocked = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id)));
        Assert.Equal([("body", "110105********002X"), ("body", "138****5678")], blocked.Problems.Select(p => (p.Field, p.Message.Split(' ')[1].Split('：')[0])));
        Assert.Empty(await PublicTitlesAsync(site));

        await InSite(site, (s, _) => s.MaskPersonalDataAsync(Editor, item.Id));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));

        var live = await LoadAsync(site, item.Id);
        Assert.Contains("110105********002X", live.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(ValidId, live.Body, StringComparison.Ordinal);
        Assert.Equal(["关于张某低保申请的批复"], await PublicTitlesAsync(site));
    }

    [Fact]
    public async Task A_reviewer_may_override_the_personal_data_block_on_a_policy_with_a_reason_that_is_in_the_audit_log()
    {
        var site = await NewCountyAsync();
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "PolicyDocument", Policy(c["0201"], "关于无名氏救助人员寻亲的通告") with { Body = $"<p>受助人员，身份证号 {ValidId}，请家属认领。</p>" }));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id)));

        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id, personalDataOverride: "依法公告寻找家属，经局领导批准"));

        Assert.Equal(["关于无名氏救助人员寻亲的通告"], await PublicTitlesAsync(site));
        var (entries, _) = await InSite(site, (_, _, sp) => sp.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(EntityId: item.Id.ToString(), Action: AuditAction.PersonalDataOverride)));
        var entry = Assert.Single(entries);
        Assert.Equal("user:reviewer", entry.Actor);
        Assert.Contains("依法公告寻找家属，经局领导批准", entry.After, StringComparison.Ordinal);
        Assert.Contains("110105********002X", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(ValidId, entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ID_number_with_a_wrong_check_digit_does_not_block_publishing()
    {
        var site = await NewCountyAsync();
        var item = await PublishAsync(site, "Notice", c => Notice(c["04"], "编号公告") with { Body = $"<p>档案编号 {InvalidId}。</p>" });

        Assert.Equal(ContentStatus.Published, item.Status);
    }

    [Fact]
    public async Task Attachments_come_from_the_sites_own_media_and_their_names_are_scanned_for_personal_data()
    {
        var site = await NewCountyAsync();
        var other = await NewCountyAsync();
        var own = await UploadPdfAsync(site, $"张某{ValidId}.pdf");
        var foreign = await UploadPdfAsync(other, "附件.pdf");

        var refused = await Assert.ThrowsAsync<ContentValidationException>(() =>
            InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "附件通知") with { Attachments = [new ContentAttachment(foreign.Id, "附件.pdf")] })));
        Assert.Equal(("attachments[0]", ContentProblemKind.ReferenceMissing), (Assert.Single(refused.Problems).Field, refused.Problems[0].Kind));

        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "附件通知") with { Attachments = [new ContentAttachment(own.Id, own.FileName)] }));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        var blocked = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id)));
        Assert.Equal(("attachments[0].name", ContentProblemKind.PersonalData), (Assert.Single(blocked.Problems).Field, blocked.Problems[0].Kind));
    }

    [Fact]
    public async Task Hostile_rich_text_is_sanitised_on_save_and_images_need_alt_text_to_publish()
    {
        var site = await NewCountyAsync();
        const string hostile = """<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:alert(2)">链接</a></p><img src="/media/a.png">""";
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "图片通知") with { Body = hostile }));

        var saved = await InSite(site, (s, _) => s.GetDraftAsync(item.Id));
        Assert.DoesNotContain("script", saved.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", saved.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", saved.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("正文", saved.Body, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id)));
        Assert.Equal(ContentProblemKind.ImageWithoutAlt, Assert.Single(refused.Problems).Kind);

        await InSite(site, (s, _) => s.SaveAsync(Editor, item.Id, saved with { Body = saved.Body!.Replace("<img ", "<img alt=\"示意图\" ", StringComparison.Ordinal) }, 1));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        Assert.Equal(ContentStatus.Published, (await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id))).Status);
    }

    [Fact]
    public async Task Type_fields_are_checked_against_the_declaration_and_required_ones_only_before_publishing()
    {
        var site = await NewCountyAsync();
        var columns = await ColumnsAsync(site);
        var guide = new ContentDraft
        {
            ColumnId = columns["0901"],
            Title = "临时救助审批",
            Publisher = "测试县民政局",
            Fields = new JsonObject { ["location"] = "县政务服务中心", ["onlineUrl"] = "ftp://example" },
        };

        var wrong = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.CreateAsync(Editor, "ServiceGuide", guide)));
        Assert.Equal(("fields.onlineUrl", ContentProblemKind.InvalidValue), (Assert.Single(wrong.Problems).Field, wrong.Problems[0].Kind));

        var item = await InSite(site, (s, _) => s.CreateAsync(Editor, "ServiceGuide", guide with { Fields = new JsonObject { ["location"] = "县政务服务中心" } }));
        var incomplete = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id)));
        Assert.Equal(
            ["fields.basis", "fields.conditions", "fields.materials", "fields.hours", "fields.phone", "fields.process"],
            incomplete.Problems.Select(p => p.Field));

        var wrongColumn = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.CreateAsync(Editor, "ServiceGuide", guide with { ColumnId = columns["05"], Fields = [] })));
        Assert.Equal(ContentProblemKind.NotAllowedHere, Assert.Single(wrongColumn.Problems).Kind);
    }

    [Fact]
    public async Task An_interpretation_links_to_its_published_policy_and_the_policy_links_back()
    {
        var site = await NewCountyAsync();
        var columns = await ColumnsAsync(site);
        var draftPolicy = await InSite(site, (s, c) => s.CreateAsync(Editor, "PolicyDocument", Policy(c["0201"], "测试县养老服务补贴办法")));
        var interpretation = new ContentDraft
        {
            ColumnId = columns["03"],
            Title = "《测试县养老服务补贴办法》解读",
            Body = "<p>解读正文</p>",
            Publisher = "测试县民政局",
            Fields = new JsonObject { ["policy"] = draftPolicy.Id.ToString(), ["form"] = "文字解读" },
        };
        var item = await InSite(site, (s, _) => s.CreateAsync(Editor, "Interpretation", interpretation));

        var early = await Assert.ThrowsAsync<ContentValidationException>(() => InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id)));
        Assert.Equal((ContentProblemKind.ReferenceMissing, "fields.policy"), (Assert.Single(early.Problems).Kind, early.Problems[0].Field));

        await InSite(site, (s, _) => s.SubmitAsync(Editor, draftPolicy.Id));
        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, draftPolicy.Id));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));

        var interpretations = await InSite(site, async (_, _, sp) =>
        {
            var db = sp.GetRequiredService<SiteClusterDbContext>();
            return await db.ContentRelations.Where(r => r.ToItemId == draftPolicy.Id && r.Field == "policy")
                .Join(db.ContentItems.WherePublic(site), r => r.FromItemId, i => i.Id, (_, i) => i.Title).ToListAsync();
        });
        Assert.Equal(["《测试县养老服务补贴办法》解读"], interpretations);
    }

    [Fact]
    public async Task Scheduled_content_goes_live_at_its_time_and_expires_on_its_expiry_date()
    {
        var site = await NewCountyAsync();
        var start = fixture.Clock.GetUtcNow();
        var scheduled = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], "元旦放假通知")));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, scheduled.Id, publishAt: start.AddHours(2)));
        Assert.Equal(ReviewState.Scheduled, (await InSite(site, (s, _) => s.ApproveAsync(Reviewer, scheduled.Id))).Review);
        var expiring = await PublishAsync(site, "Notice", c => Notice(c["04"], "限时征求意见") with
        {
            ExpiryDate = DateOnly.FromDateTime(start.ToOffset(TimeSpan.FromHours(8)).Date).AddDays(1),
        });
        var scheduler = Services.GetRequiredService<ContentScheduler>();

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await scheduler.RunAsync();
        Assert.Equal(["限时征求意见"], await PublicTitlesAsync(site));

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await scheduler.RunAsync();
        Assert.Equal(["元旦放假通知", "限时征求意见"], await PublicTitlesAsync(site));
        Assert.Equal(start.AddHours(2), (await LoadAsync(site, scheduled.Id)).PublishedAt);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await scheduler.RunAsync();
        Assert.Equal(ContentStatus.Expired, (await LoadAsync(site, expiring.Id)).Status);
        Assert.Equal(["元旦放假通知", "限时征求意见"], await PublicTitlesAsync(site));
        Assert.Equal(["元旦放假通知"], await PublicTitlesAsync(site with { ExpiredContent = ExpiredContentDisplay.Hide }));
    }

    [Fact]
    public async Task A_failure_while_publishing_leaves_the_previous_version_live()
    {
        var site = await NewCountyAsync();
        var item = await PublishAsync(site, "Notice", c => Notice(c["04"], "原标题"));
        var draft = await InSite(site, (s, _) => s.GetDraftAsync(item.Id));
        await InSite(site, (s, _) => s.SaveAsync(Editor, item.Id, draft with { Title = "新标题 " + FailMarker }, 1));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        await FailPublishingOfMarkedTitlesAsync();

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id)));

        var live = await LoadAsync(site, item.Id);
        Assert.Equal(("原标题", 1, ContentStatus.Published, ReviewState.Submitted), (live.Title, live.PublishedVersion, live.Status, live.Review));
        Assert.Equal(["原标题"], await PublicTitlesAsync(site));
        var (published, _) = await InSite(site, (_, _, sp) => sp.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(EntityId: item.Id.ToString(), Action: AuditAction.Published)));
        Assert.Single(published);
    }

    [Fact]
    public async Task Index_numbers_stay_unique_when_many_items_are_published_at_once()
    {
        var site = await NewCountyAsync();
        var items = new List<ContentItem>();
        for (var i = 0; i < 12; i++)
        {
            var item = await InSite(site, (s, c) => s.CreateAsync(Editor, "Notice", Notice(c["04"], $"通知{i}")));
            await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
            items.Add(item);
        }

        var published = await Task.WhenAll(items.Select(item => Task.Run(() => InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id)))));

        Assert.Equal(
            Enumerable.Range(1, 12).Select(n => $"{site.SiteCode}/2026-{n:00000}"),
            published.Select(p => p.IndexNumber!).Order(StringComparer.Ordinal));
    }

    private async Task<Media.MediaItem> UploadPdfAsync(SiteInfo site, string name)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        using var pdf = new MemoryStream("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray());
        return await scope.ServiceProvider.GetRequiredService<Media.MediaService>().UploadAsync(pdf, name);
    }

    private async Task<SiteInfo> NewCountyAsync() => TestSites.Site(Services, (await TestSites.CreateContentTreeAsync(Services)).County);

    private static ContentDraft Policy(Guid column, string title) => new()
    {
        ColumnId = column,
        Title = title,
        Body = "<p>各乡（镇）人民政府：现将有关事项通知如下。</p>",
        Publisher = "测试县民政局",
        DocumentNumber = "测民发〔2026〕7号",
        WrittenDate = new DateOnly(2026, 11, 20),
        TopicCategory = "民政、扶贫、救灾",
    };

    private static ContentDraft Notice(Guid column, string title) => new()
    {
        ColumnId = column,
        Title = title,
        Body = "<p>特此通知。</p>",
        Publisher = "测试县人民政府办公室",
    };

    private async Task<ContentItem> PublishAsync(SiteInfo site, string type, Func<IReadOnlyDictionary<string, Guid>, ContentDraft> draft)
    {
        var item = await InSite(site, (s, c) => s.CreateAsync(Editor, type, draft(c)));
        await InSite(site, (s, _) => s.SubmitAsync(Editor, item.Id));
        return await InSite(site, (s, _) => s.ApproveAsync(Reviewer, item.Id));
    }

    private Task<T> InSite<T>(SiteInfo site, Func<ContentService, IReadOnlyDictionary<string, Guid>, Task<T>> work) =>
        InSite(site, (service, columns, _) => work(service, columns));

    private async Task<T> InSite<T>(SiteInfo site, Func<ContentService, IReadOnlyDictionary<string, Guid>, IServiceProvider, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var columns = await ColumnsAsync(site);
        return await work(scope.ServiceProvider.GetRequiredService<ContentService>(), columns, scope.ServiceProvider);
    }

    /// <summary>The site's catalogue columns by code.</summary>
    private async Task<IReadOnlyDictionary<string, Guid>> ColumnsAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns
            .Where(c => c.CatalogueCode != null).ToDictionaryAsync(c => c.CatalogueCode!, c => c.Id);
    }

    private async Task<List<string>> PublicTitlesAsync(SiteInfo site)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems
            .WherePublic(site).OrderBy(i => i.Title).Select(i => i.Title).ToListAsync();
    }

    private async Task<ContentItem> LoadAsync(SiteInfo site, Guid id)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    /// <summary>A database trigger that fails any update giving an item a title with <see cref="FailMarker"/>: a crash in the middle of publishing.</summary>
    private async Task FailPublishingOfMarkedTitlesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        if (fixture.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync($$"""
                CREATE TRIGGER IF NOT EXISTS fail_publish BEFORE UPDATE ON "ContentItems"
                WHEN NEW."Title" LIKE '%{{FailMarker}}%' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;
                """);
            return;
        }

        await db.Database.ExecuteSqlRawAsync($$"""
            CREATE OR REPLACE FUNCTION fail_publish() RETURNS trigger AS $$
            BEGIN IF NEW."Title" LIKE '%{{FailMarker}}%' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS fail_publish ON "ContentItems";
            CREATE TRIGGER fail_publish BEFORE UPDATE ON "ContentItems" FOR EACH ROW EXECUTE FUNCTION fail_publish();
            """);
    }
}

public sealed class ContentWorkflowSqliteTests(ClockedSqliteFixture fixture) : ContentWorkflowTests(fixture), IClassFixture<ClockedSqliteFixture>;

public sealed class ContentWorkflowPostgresTests(ClockedPostgresFixture fixture) : ContentWorkflowTests(fixture), IClassFixture<ClockedPostgresFixture>;
