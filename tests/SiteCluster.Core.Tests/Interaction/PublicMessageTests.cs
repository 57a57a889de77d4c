using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Interaction;

/// <summary>政民互动: moderation before anything shows, public replies, response times in working days.</summary>
public abstract class PublicMessageTests(ApplicationsFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Only_accepted_and_answered_messages_whose_writers_allowed_it_are_published()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 9, 14));
        var published = await SendAsync(tree.County, "低保申请需要哪些材料？", allow: true);
        var privateOne = await SendAsync(tree.County, "我家的情况想私下咨询", allow: false);
        var rejected = await SendAsync(tree.County, "广告：代办各类证件", allow: true);
        var waiting = await SendAsync(tree.County, "养老补贴什么时候发？", allow: true);

        foreach (var id in new[] { published, privateOne, waiting })
        {
            await InSite(tree.County, s => s.ModerateAsync(Editor, id, accept: true, reason: null));
        }

        await InSite(tree.County, s => s.ModerateAsync(Editor, rejected, accept: false, reason: "广告信息"));
        foreach (var id in new[] { published, privateOne })
        {
            await InSite(tree.County, s => s.ReplyAsync(Editor, id, "请携带户口簿和收入证明到乡镇民政办申请。", null));
        }

        var titles = await InSite(tree.County, s => s.Published().Select(m => m.Subject).ToListAsync());
        var alerts = await InSite(tree.County, s => s.AlertsAsync());

        Assert.Equal(["低保申请需要哪些材料？"], titles);
        Assert.Equal((0, 1), (alerts.ToModerate, alerts.Unanswered));
        await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ReplyAsync(Editor, rejected, "不回复", null)));
        await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ModerateAsync(Editor, waiting, accept: false, reason: null)));
    }

    [Fact]
    public async Task A_replys_response_time_is_counted_in_working_days_across_the_National_Day_holiday()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 9, 30));
        var id = await SendAsync(tree.County, "国庆期间办事大厅开放吗？", allow: true);
        await InSite(tree.County, s => s.ModerateAsync(Editor, id, accept: true, reason: null));
        fixture.Clock.Set(new DateOnly(2026, 10, 12));
        var waitingAlerts = await InSite(tree.County, s => s.AlertsAsync());

        var replied = await InSite(tree.County, s => s.ReplyAsync(Editor, id, "国庆假期期间暂停对外办公。", "县政务服务中心"));

        // October 1–7 are holidays; the 8th, 9th, 10th (a worked Saturday) and 12th are working days.
        Assert.Equal(4, waitingAlerts.OldestUnansweredWorkingDays);
        Assert.Equal((MessageStatus.Replied, 4, "县政务服务中心"), (replied.Status, replied.ResponseWorkingDays, replied.ReplyingOffice));
    }

    [Fact]
    public async Task The_writer_follows_a_message_with_its_number_and_code_and_only_handlers_open_it_audited()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 9, 15));
        var (message, code) = await InSite(tree.County, s => s.SubmitAsync(new MessageForm(MessageKind.Mailbox, "建议增设公交线路", "建议增设到县医院的公交线路。", "赵六", "13600000000", null, true)));

        var found = await InSite(tree.County, s => s.FindForWriterAsync(message.TrackingNumber, code));
        var wrong = await InSite(tree.County, s => s.FindForWriterAsync(message.TrackingNumber, "XXXXXXXX"));
        var readerAsReviewer = await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(tree.County, s => s.ModerateAsync(new ContentActor("user:r", new HashSet<SiteRole> { SiteRole.Reviewer }), message.Id, true, null)));
        await InSite(tree.County, s => s.OpenAsync(Editor, message.Id));

        Assert.Equal(message.Id, found?.Id);
        Assert.Null(wrong);
        Assert.NotNull(readerAsReviewer);
        Assert.Matches("^XX2026[0-9]{5}$", message.TrackingNumber);
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        var log = await scope.ServiceProvider.GetRequiredService<Data.SiteClusterDbContext>().AuditEntries.Where(e => e.EntityId == message.Id.ToString()).ToListAsync();
        Assert.Contains(log, e => e.Action == AuditAction.ApplicantDataViewed);
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains("赵六", StringComparison.Ordinal) || (e.Before + e.After).Contains("13600000000", StringComparison.Ordinal));
    }

    private async Task<Guid> SendAsync(string slug, string subject, bool allow) =>
        (await InSite(slug, s => s.SubmitAsync(new MessageForm(MessageKind.Consultation, subject, subject + "请答复。", "钱七", "13500000000", null, allow)))).Message.Id;

    private async Task<T> InSite<T>(string slug, Func<PublicMessages, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        return await work(scope.ServiceProvider.GetRequiredService<PublicMessages>());
    }
}

public sealed class PublicMessageSqliteTests(ApplicationsSqliteFixture fixture) : PublicMessageTests(fixture), IClassFixture<ApplicationsSqliteFixture>;

public sealed class PublicMessagePostgresTests(ApplicationsPostgresFixture fixture) : PublicMessageTests(fixture), IClassFixture<ApplicationsPostgresFixture>;
