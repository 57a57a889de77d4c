using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Calendar;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.Interaction;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Interaction;

/// <summary>A clock a test sets to any moment, earlier ones too (tests of one class run one after another).</summary>
public sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>10:00 Beijing time on <paramref name="date"/>.</summary>
    public void Set(DateOnly date) => Now = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), BeijingTime.Offset).ToUniversalTime();
}

public abstract class ApplicationsFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreHost? _host;

    public SettableClock Clock { get; } = new();

    public DatabaseProvider Provider => provider;

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("Not started.")).Services;

    public async Task InitializeAsync() => _host = await CoreHost.StartAsync(provider, services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class ApplicationsSqliteFixture() : ApplicationsFixture(DatabaseProvider.Sqlite);

public sealed class ApplicationsPostgresFixture() : ApplicationsFixture(DatabaseProvider.PostgreSql);

/// <summary>
/// 依申请公开 by the regulation's working-day rules under the State Council's holiday calendar:
/// receipt, 补正 stopping the clock, one extension, every outcome, lapse, and the applicant's data.
/// </summary>
public abstract class DisclosureApplicationTests(ApplicationsFixture fixture)
{
    private static readonly ContentActor Editor = new("user:editor", new HashSet<SiteRole> { SiteRole.Editor });
    private static readonly ContentActor Reviewer = new("user:reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task The_installed_calendar_knows_holidays_and_adjusted_working_weekends()
    {
        await TestSites.CreateContentTreeAsync(Services);
        await using var scope = Services.CreateAsyncScope();
        var calendar = await WorkCalendar.LoadAsync(scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>(), default);

        Assert.True(calendar.Knows(2026));
        Assert.False(calendar.Knows(2030));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 16)));  // Monday in the Spring Festival holiday
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));   // Saturday worked (调休)
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 9, 20)));   // Sunday worked before National Day
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 10, 5)));  // Monday in the National Day holiday
        Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 3, 2)));   // a Saturday of a year without data: a weekend
        Assert.Equal(new DateOnly(2026, 11, 3), calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 20));
        Assert.Equal(1, calendar.WorkingDaysBetween(new DateOnly(2026, 9, 19), new DateOnly(2026, 9, 20)));
    }

    [Fact]
    public async Task An_application_received_the_day_before_the_Spring_Festival_holiday_is_due_20_working_days_later_and_the_dashboard_warns_before()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 2, 14));
        var (application, code) = await InSite(tree.County, s => s.SubmitAsync(Form()));

        var registered = await InSite(tree.County, s => s.RegisterAsync(Editor, application.Id, new DateOnly(2026, 2, 14), ApplicationChannel.Online));
        fixture.Clock.Set(new DateOnly(2026, 3, 12));
        var early = await InSite(tree.County, s => s.AlertsAsync());
        fixture.Clock.Set(new DateOnly(2026, 3, 16));
        var soon = await InSite(tree.County, s => s.AlertsAsync());
        fixture.Clock.Set(new DateOnly(2026, 3, 23));
        var late = await InSite(tree.County, s => s.AlertsAsync());

        // Feb 15–23 are holidays; Feb 24 is the first working day, Feb 28 (a Saturday) is worked.
        Assert.Equal(new DateOnly(2026, 3, 20), registered.DueOn);
        Assert.Matches("^YSQ2026[0-9]{5}$", application.TrackingNumber);
        Assert.Equal(8, code.Length);
        Assert.Equal((0, 0), (early.Overdue, early.DueSoon));
        Assert.Equal((0, 1), (soon.Overdue, soon.DueSoon));
        Assert.Equal((1, 0), (late.Overdue, late.DueSoon));
    }

    [Fact]
    public async Task An_amendment_stops_the_clock_which_starts_again_in_full_when_it_arrives_and_is_asked_for_only_once_within_7_working_days()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var id = await RegisteredAsync(tree.County, new DateOnly(2026, 3, 2));
        var other = await RegisteredAsync(tree.County, new DateOnly(2026, 3, 2));

        fixture.Clock.Set(new DateOnly(2026, 3, 5));
        var waiting = await InSite(tree.County, s => s.RequestAmendmentAsync(Editor, id, "请补充所需信息的文号或者名称。"));
        var twice = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.RequestAmendmentAsync(Editor, id, "再次补正")));
        fixture.Clock.Set(new DateOnly(2026, 3, 10));
        var amended = await InSite(tree.County, s => s.RecordAmendmentAsync(Editor, id, new DateOnly(2026, 3, 10)));
        fixture.Clock.Set(new DateOnly(2026, 3, 12));
        var tooLate = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.RequestAmendmentAsync(Editor, other, "补正")));

        Assert.Equal((ApplicationStatus.AwaitingAmendment, (DateOnly?)null), (waiting.Status, waiting.DueOn));
        Assert.Equal(new DateOnly(2026, 3, 26), waiting.AmendmentDueOn);
        Assert.Contains("一次", twice.Message);
        // 20 working days after March 10, past the Qingming holiday (April 4–6).
        Assert.Equal((ApplicationStatus.Registered, new DateOnly(2026, 4, 8)), (amended.Status, amended.DueOn));
        Assert.Contains("7个工作日", tooLate.Message);
    }

    [Fact]
    public async Task The_reply_period_is_extended_once_by_20_working_days_and_not_after_it_has_passed()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var id = await RegisteredAsync(tree.County, new DateOnly(2026, 4, 1));
        var late = await RegisteredAsync(tree.County, new DateOnly(2026, 4, 1));

        fixture.Clock.Set(new DateOnly(2026, 4, 20));
        var extended = await InSite(tree.County, s => s.ExtendAsync(Editor, id, "需要协调多个部门"));
        var again = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ExtendAsync(Editor, id, "再延期")));
        fixture.Clock.Set(new DateOnly(2026, 5, 6));
        var afterDue = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ExtendAsync(Editor, late, "已逾期")));

        // Due April 30 (after the Qingming holiday); 20 more working days pass the Labour Day holiday and its worked Saturday, May 9.
        Assert.Equal(new DateOnly(2026, 6, 1), extended.DueOn);
        Assert.Equal("需要协调多个部门", extended.ExtensionReason);
        Assert.Contains("一次", again.Message);
        Assert.Contains("已过", afterDue.Message);
    }

    [Fact]
    public async Task Every_national_outcome_can_be_given_with_its_reasons_and_only_with_them()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 6, 1));
        foreach (var outcome in Enum.GetValues<ApplicationOutcome>())
        {
            var reasons = DisclosureApplications.Reasons.GetValueOrDefault(outcome) ?? [null!];
            foreach (var reason in reasons)
            {
                var id = await RegisteredAsync(tree.County, new DateOnly(2026, 6, 1));
                var replied = await InSite(tree.County, s => s.ReplyAsync(Editor, id, outcome, reason, "经审查，现答复如下。", null));
                Assert.Equal((ApplicationStatus.Replied, outcome, reason, new DateOnly(2026, 6, 1)), (replied.Status, replied.Outcome, replied.OutcomeReason, replied.RepliedOn));
            }
        }

        var missing = await RegisteredAsync(tree.County, new DateOnly(2026, 6, 1));
        await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ReplyAsync(Editor, missing, ApplicationOutcome.Refused, null, "不予公开。", null)));
        await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.ReplyAsync(Editor, missing, ApplicationOutcome.Disclosed, "属于国家秘密", "予以公开。", null)));
        await Assert.ThrowsAsync<ContentPermissionException>(() => InSite(tree.County, s => s.ReplyAsync(Reviewer, missing, ApplicationOutcome.Disclosed, null, "予以公开。", null)));
        Assert.Equal(8, DisclosureApplications.Reasons[ApplicationOutcome.Refused].Count);
        Assert.Equal(3, DisclosureApplications.Reasons[ApplicationOutcome.CannotProvide].Count);
        Assert.Equal(5, DisclosureApplications.Reasons[ApplicationOutcome.NotProcessed].Count);
    }

    [Fact]
    public async Task An_application_not_amended_in_time_lapses_and_applicants_data_is_anonymised_after_the_retention_period_and_never_logged()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var id = await RegisteredAsync(tree.County, new DateOnly(2026, 7, 1));
        fixture.Clock.Set(new DateOnly(2026, 7, 2));
        var waiting = await InSite(tree.County, s => s.RequestAmendmentAsync(Editor, id, "请补充申请人身份证明。"));

        fixture.Clock.Set(waiting.AmendmentDueOn!.Value);
        var onTheLastDay = await UpkeepAsync();
        fixture.Clock.Set(waiting.AmendmentDueOn!.Value.AddDays(1));
        var afterIt = await UpkeepAsync();
        var lapsed = await InSite(tree.County, s => s.OpenAsync(Editor, id));
        fixture.Clock.Set(lapsed.RepliedOn!.Value.AddDays(1826));
        var anonymised = await UpkeepAsync();
        var kept = await InSite(tree.County, s => s.OpenAsync(Editor, id));

        Assert.Equal(0, onTheLastDay.Lapsed);
        Assert.True(afterIt.Lapsed >= 1);
        Assert.Equal((ApplicationStatus.Lapsed, ApplicationOutcome.Other), (lapsed.Status, lapsed.Outcome));
        Assert.StartsWith("申请人无正当理由逾期不补正", lapsed.OutcomeReason);
        Assert.True(anonymised.Anonymised >= 1);
        Assert.Equal(("（已匿名）", "（已匿名）", (string?)null), (kept.ApplicantName, kept.Phone, kept.Email));
        Assert.Equal("请提供2025年城乡低保资金发放明细", kept.Description);
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, tree.County));
        var log = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().AuditEntries.Where(e => e.EntityId == id.ToString()).ToListAsync();
        Assert.Contains(log, e => e.Action == AuditAction.ApplicantDataViewed);
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains("张三", StringComparison.Ordinal) || (e.Before + e.After).Contains("13800000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_applicant_sees_the_application_only_with_its_number_and_code_and_only_on_its_site()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var sibling = await TestSites.CreateContentTreeAsync(Services);
        fixture.Clock.Set(new DateOnly(2026, 8, 3));
        var (application, code) = await InSite(tree.County, s => s.SubmitAsync(Form()));

        var found = await InSite(tree.County, s => s.FindForApplicantAsync(application.TrackingNumber.ToLowerInvariant(), code.ToLowerInvariant()));
        var wrongCode = await InSite(tree.County, s => s.FindForApplicantAsync(application.TrackingNumber, "AAAAAAAA"));
        var elsewhere = await InSite(sibling.County, s => s.FindForApplicantAsync(application.TrackingNumber, code));

        Assert.Equal(application.Id, found?.Id);
        Assert.Null(wrongCode);
        Assert.Null(elsewhere);
    }

    [Fact]
    public async Task A_form_with_mistakes_is_refused_field_by_field_and_saves_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);

        var refused = await Assert.ThrowsAsync<InteractionException>(() => InSite(tree.County, s => s.SubmitAsync(Form() with
        {
            ApplicantKind = ApplicantKind.Organisation,
            IdentityNumber = "12345",
            Email = "not-an-address",
            Description = new string('长', 2001),
        })));

        // An organisation says which kind it is (the annual report counts applications by it).
        Assert.Equal(["ContactPerson", "Description", "Email", "IdentityNumber", "OrganisationKind"], refused.Fields.Keys.Order());
        Assert.Equal("请选择单位类别。", refused.Fields["OrganisationKind"]);
        Assert.Equal(0, await InSite(tree.County, s => s.Query().CountAsync()));
    }

    private static ApplicationForm Form() => new()
    {
        ApplicantName = "张三",
        IdentityNumber = "53090019800101001X",
        Phone = "13800000000",
        Email = "zhangsan@example.cn",
        Address = "临沧市临翔区某路1号",
        Description = "请提供2025年城乡低保资金发放明细",
        PreferredFormat = "电子数据",
        Delivery = "电子邮件",
    };

    private async Task<Guid> RegisteredAsync(string slug, DateOnly receivedOn)
    {
        fixture.Clock.Set(receivedOn);
        var (application, _) = await InSite(slug, s => s.SubmitAsync(Form()));
        await InSite(slug, s => s.RegisterAsync(Editor, application.Id, receivedOn, ApplicationChannel.Online));
        return application.Id;
    }

    private async Task<(int Lapsed, int Anonymised)> UpkeepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DisclosureApplications>().UpkeepAsync();
    }

    private async Task<T> InSite<T>(string slug, Func<DisclosureApplications, Task<T>> work)
    {
        await using var scope = TestSites.ScopeFor(Services, TestSites.Site(Services, slug));
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "user:editor";
        return await work(scope.ServiceProvider.GetRequiredService<DisclosureApplications>());
    }
}

public sealed class DisclosureApplicationSqliteTests(ApplicationsSqliteFixture fixture) : DisclosureApplicationTests(fixture), IClassFixture<ApplicationsSqliteFixture>;

public sealed class DisclosureApplicationPostgresTests(ApplicationsPostgresFixture fixture) : DisclosureApplicationTests(fixture), IClassFixture<ApplicationsPostgresFixture>;
