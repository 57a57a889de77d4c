using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The admin through HTTP, as a browser without JavaScript uses it: login, editing, review, and who may reach what.</summary>
public abstract partial class AdminTests(SiteClusterWebFactory factory)
{
    private const string Password = "Test-password-2026";

    [Fact]
    public async Task An_editor_publishes_a_notice_with_a_PDF_through_review_and_it_appears_on_the_public_site()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var editor = await UserAsync(tree.County, SiteRole.Editor);
        var reviewer = await UserAsync(tree.County, SiteRole.Reviewer);
        var editorClient = await LoginAsync(editor);

        var form = await editorClient.GetStringAsync($"/admin/{tree.County}/content/edit?type=Notice");
        using var upload = NoticeForm(form, "关于冬季供水安排的通知", "<p>特此通知。</p>", "测试县人民政府办公室", "供水安排.pdf");
        var submitted = await editorClient.PostAsync($"/admin/{tree.County}/content/edit?handler=Submit", upload);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var edit = await editorClient.GetStringAsync(submitted.Headers.Location);
        var mediaId = Regex.Match(edit, "name=\"Form.Attachments\" value=\"([^\"]+)\" checked").Groups[1].Value;
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"http://{tree.CountyHost}/media/{mediaId}/x.pdf")).StatusCode);

        var reviewerClient = await LoginAsync(reviewer);
        var queue = await reviewerClient.GetStringAsync($"/admin/{tree.County}/review");
        var reviewUrl = Regex.Match(queue, $"href=\"(/admin/{tree.County}/content/review/[^\"]+)\">关于冬季供水安排的通知").Groups[1].Value;
        var review = await reviewerClient.GetStringAsync(reviewUrl);
        var approved = await reviewerClient.PostAsync($"{reviewUrl}?handler=Approve", Form(review, ("comment", "同意发布")));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var list = await factory.Client().GetStringAsync($"http://{tree.CountyHost}/tzgg/");
        var itemUrl = Regex.Match(list, "href=\"([^\"]+)\">关于冬季供水安排的通知</a>").Groups[1].Value;
        var page = await factory.Client().GetStringAsync($"http://{tree.CountyHost}{itemUrl}");
        var pdfUrl = Regex.Match(page, "<li><a href=\"([^\"]+)\">供水安排.pdf</a></li>").Groups[1].Value;
        var pdf = await factory.Client().GetAsync($"http://{tree.CountyHost}{pdfUrl}");
        Assert.Equal(("application/pdf", "%PDF-"), (pdf.Content.Headers.ContentType?.MediaType, (await pdf.Content.ReadAsStringAsync())[..5]));
        Assert.Contains(mediaId, pdfUrl, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">发布机构</th><td>测试县人民政府办公室</td></tr>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_save_keeps_what_was_typed_and_names_the_field()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var form = await client.GetStringAsync($"/admin/{tree.County}/content/edit?type=PolicyDocument");

        var response = await client.PostAsync($"/admin/{tree.County}/content/edit?handler=Submit", Form(form,
            ("type", "PolicyDocument"), ("Form.Version", "0"), ("Form.ColumnId", OptionValue(form, "本级文件")),
            ("Form.Title", "关于印发养老服务补贴办法的通知"), ("Form.Body", "<p>正文</p>"), ("Form.Disclosure", "Proactive")));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("value=\"关于印发养老服务补贴办法的通知\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"publisher-error\">[^<]*发布机构", html);
        Assert.Matches("id=\"writtenDate-error\">[^<]*成文日期", html);
    }

    [Fact]
    public async Task Every_site_page_of_the_admin_answers_404_to_a_user_of_another_county()
    {
        var a = await TestSites.CreateContentTreeAsync(factory.Services);
        var b = await TestSites.CreateContentTreeAsync(factory.Services);
        var itemOfA = await PublishedItemAsync(a.County);
        var itemOfB = await PublishedItemAsync(b.County);
        var applicationOfA = await ApplicationAsync(a.County);
        var applicationOfB = await ApplicationAsync(b.County);
        var messageOfA = await MessageAsync(a.County);
        var messageOfB = await MessageAsync(b.County);
        var spotCheckOfA = await SpotCheckAsync(a);
        var spotCheckOfB = await SpotCheckAsync(b);
        var consultationOfA = await ConsultationAsync(a.County);
        var consultationOfB = await ConsultationAsync(b.County);
        var client = await LoginAsync(await UserAsync(a.County, SiteRole.Editor, SiteRole.Reviewer, SiteRole.SiteAdmin));
        var token = Token(await client.GetStringAsync($"/admin/{a.County}/content"));

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(p => p.StartsWith("/admin/{site}", StringComparison.Ordinal) || p.StartsWith("admin/{site}", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.True(routes.Count >= 6, string.Join(", ", routes));

        foreach (var route in routes)
        {
            var (ownId, otherId) = route switch
            {
                _ when route.Contains("applications/", StringComparison.Ordinal) => (applicationOfA, applicationOfB),
                _ when route.Contains("messages/", StringComparison.Ordinal) => (messageOfA, messageOfB),
                _ when route.Contains("spotchecks/", StringComparison.Ordinal) => (spotCheckOfA, spotCheckOfB),
                _ when route.Contains("consultations/", StringComparison.Ordinal) => (consultationOfA, consultationOfB),
                _ => (itemOfA, itemOfB),
            };
            var own = Url(route, a.County, ownId);
            var other = Url(route, b.County, otherId);
            Assert.Equal((route, HttpStatusCode.OK), (route, (await client.GetAsync(own + QueryFor(route))).StatusCode));
            Assert.Equal((route, HttpStatusCode.NotFound), (route, (await client.GetAsync(other + QueryFor(route))).StatusCode));
            foreach (var handler in new[] { "Save", "Submit", "Approve", "Reject", "Restore", "Withdraw", "Upload", "Delete", "Grant", "Revoke", "File", "Decide", "Detach", "Subscribe", "Unsubscribe", "Run", "Register", "Amend", "Amended", "Extend", "Reply", "Moderate", "Publish", "Feedback", "Generate", "Start", "Close" })
            {
                var post = await client.PostAsync($"{other}?handler={handler}&type=Notice", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["reason"] = "x",
                    ["comment"] = "x",
                    ["version"] = "1",
                }));
                Assert.Equal((route, handler, HttpStatusCode.NotFound), (route, handler, post.StatusCode));
            }
        }
    }

    [Fact]
    public async Task Admin_pages_on_a_county_host_redirect_to_the_clusters_admin_and_need_a_login()
    {
        var client = factory.Client();

        var onCounty = await client.GetAsync("http://www.ynfq.gov.cn/admin");
        var anonymous = await client.GetAsync("http://localhost/admin");

        Assert.Equal(HttpStatusCode.Redirect, onCounty.StatusCode);
        Assert.Matches("^http://www\\.[a-z0-9.]+\\.gov\\.cn/admin$", onCounty.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("http://localhost/admin/login", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var user = await UserAsync(tree.County, SiteRole.Editor);
        var client = factory.Client();
        string html = string.Empty;
        for (var i = 0; i < 5; i++)
        {
            var form = await client.GetStringAsync("http://localhost/admin/login");
            html = await (await client.PostAsync("http://localhost/admin/login", Form(form, ("userName", user), ("password", "wrong-password-0")))).Content.ReadAsStringAsync();
        }

        var login = await client.GetStringAsync("http://localhost/admin/login");
        var withRightPassword = await client.PostAsync("http://localhost/admin/login", Form(login, ("userName", user), ("password", Password)));

        Assert.Contains("已锁定", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
    }

    [Fact]
    public async Task The_site_switcher_lists_only_the_users_sites_and_a_city_supervisor_sees_its_counties()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var supervisor = await UserAsync(tree.City, SiteRole.Supervisor);
        var client = await LoginAsync(supervisor);

        var switcher = await client.GetStringAsync("/admin");
        var county = await client.GetAsync($"/admin/{tree.County}");
        var province = await client.GetAsync($"/admin/{tree.Province}");

        Assert.Equal(
            [$"/admin/{tree.City}", $"/admin/{tree.County}"],
            Regex.Matches(switcher, "<td><a href=\"(/admin/[^\"]+)\">").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, county.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, province.StatusCode);
        Assert.DoesNotContain("保存并送审", await client.GetStringAsync($"/admin/{tree.County}/content/edit?type=Notice"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_admin_adds_and_hides_columns_and_changes_settings_and_readers_see_it_but_an_editor_may_not()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var siteAdmin = await LoginAsync(await UserAsync(tree.County, SiteRole.SiteAdmin));
        var editor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var publicSite = factory.Client();

        var columns = await siteAdmin.GetStringAsync($"/admin/{tree.County}/columns");
        var added = await siteAdmin.PostAsync($"/admin/{tree.County}/columns?handler=Add", Form(columns,
            ("NewParent", OptionValue(columns, "通知公告")),
            ("NewName", "停水停电公告"), ("NewSlug", "tstd")));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await publicSite.GetAsync($"http://{tree.CountyHost}/tzgg/tstd/")).StatusCode);

        var settings = await siteAdmin.GetStringAsync($"/admin/{tree.County}/settings");
        var editorsView = await editor.GetStringAsync($"/admin/{tree.County}/settings");
        Assert.DoesNotContain("保存设置", editorsView, StringComparison.Ordinal);
        var refused = await editor.PostAsync($"/admin/{tree.County}/settings", Form(editorsView, ("Form.Name", "改名"), ("Form.Organiser", "x")));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var saved = await siteAdmin.PostAsync($"/admin/{tree.County}/settings", Form(settings,
            ("Form.Name", "测试县人民政府门户网站"), ("Form.Organiser", "测试县人民政府办公室"), ("Form.Theme", "base"), ("Form.ExpiredContent", "Hide")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("<h1>测试县人民政府门户网站</h1>", await publicSite.GetStringAsync($"http://{tree.CountyHost}/"), StringComparison.Ordinal);
        await using (var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, tree.County)))
        {
            var (entries, _) = await scope.ServiceProvider.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(EntityType: "Site"));
            Assert.StartsWith("user:u", entries[0].Actor, StringComparison.Ordinal);
            Assert.Contains("测试县人民政府门户网站", entries[0].After, StringComparison.Ordinal);
        }

        columns = await siteAdmin.GetStringAsync($"/admin/{tree.County}/columns");
        var tstdId = Regex.Match(columns, "停水停电公告</td>[\\s\\S]*?name=\"column\" value=\"([^\"]+)\"").Groups[1].Value;
        var hidden = await siteAdmin.PostAsync($"/admin/{tree.County}/columns?handler=Toggle", Form(columns, ("column", tstdId)));
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await publicSite.GetAsync($"http://{tree.CountyHost}/tzgg/tstd/")).StatusCode);
    }

    [Fact]
    public async Task A_cluster_admin_creates_a_county_in_the_admin_and_it_is_live_at_its_host_with_its_mandatory_columns()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var clusterAdmin = await LoginClusterAdminAsync(tree.Province);
        var countyEditor = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor, SiteRole.SiteAdmin));
        var suffix = TestSites.NewSuffix();
        var page = await clusterAdmin.GetStringAsync("/admin/_cluster/sites");

        var broken = await clusterAdmin.PostAsync("/admin/_cluster/sites?handler=Create", Form(page,
            ("Form.Parent", tree.City), ("Form.Level", "County"), ("Form.Slug", $"n{suffix}"), ("Form.Name", "新县人民政府"),
            ("Form.SiteCode", "12345"), ("Form.Organiser", "新县人民政府办公室"), ("Form.Hosts", $"www.n{suffix}.gov.cn")));
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.Contains("10 digits", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await clusterAdmin.PostAsync("/admin/_cluster/sites?handler=Create", Form(page,
            ("Form.Parent", tree.City), ("Form.Level", "County"), ("Form.Slug", $"n{suffix}"), ("Form.Name", "新县人民政府"),
            ("Form.SiteCode", TestSites.NewSiteCode()), ("Form.Organiser", "新县人民政府办公室"), ("Form.Hosts", $"www.n{suffix}.gov.cn"),
            ("Form.Webmaster", $"w{suffix}")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var home = await factory.Client().GetStringAsync($"http://www.n{suffix}.gov.cn/");
        Assert.Contains("<h1>新县人民政府</h1>", home, StringComparison.Ordinal);
        Assert.All(["政策文件", "政策解读", "通知公告", "工作动态", "政府信息公开年报"], name => Assert.Contains($">{name}</a>", home, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await countyEditor.GetAsync("/admin/_cluster/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await countyEditor.GetAsync($"/admin/_cluster/sites/n{suffix}")).StatusCode);

        var hostsPage = await clusterAdmin.GetStringAsync($"/admin/_cluster/sites/n{suffix}");
        var taken = await clusterAdmin.PostAsync($"/admin/_cluster/sites/n{suffix}", Form(hostsPage, ("Hosts", $"www.n{suffix}.gov.cn\n{tree.CountyHost}")));
        var takenHtml = await taken.Content.ReadAsStringAsync();
        Assert.Contains("id=\"hosts-error\"", takenHtml, StringComparison.Ordinal);
        Assert.Contains($"www.n{suffix}.gov.cn&#xA;{tree.CountyHost}</textarea>", takenHtml, StringComparison.Ordinal);
        var alias = await clusterAdmin.PostAsync($"/admin/_cluster/sites/n{suffix}", Form(hostsPage, ("Hosts", $"www.n{suffix}.gov.cn\nold-n{suffix}.example.cn")));
        Assert.Equal(HttpStatusCode.Redirect, alias.StatusCode);
        Assert.Contains("<h1>新县人民政府</h1>", await factory.Client().GetStringAsync($"http://old-n{suffix}.example.cn/"), StringComparison.Ordinal);

        var ask = await clusterAdmin.PostAsync($"/admin/_cluster/sites?handler=Status&status=Disabled", Form(page, ("slug", $"n{suffix}")));
        Assert.Contains("确定停用“新县人民政府”吗？", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync($"http://www.n{suffix}.gov.cn/")).StatusCode);
        var disabled = await clusterAdmin.PostAsync($"/admin/_cluster/sites?handler=Status&status=Disabled", Form(page, ("slug", $"n{suffix}"), ("confirmed", "true")));
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await factory.Client().GetAsync($"http://www.n{suffix}.gov.cn/")).StatusCode);
    }

    private static string Url(string route, string site, Guid item) =>
        "/" + Regex.Replace(Regex.Replace(route.TrimStart('/').Replace("{site}", site, StringComparison.Ordinal), "\\{id[^}]*\\}", item.ToString()), "\\{year[^}]*\\}", "2025");

    /// <summary>New-item editor routes need a type; every other route stands alone.</summary>
    private static string QueryFor(string route) => route.Contains("edit", StringComparison.Ordinal) ? "?type=Notice" : string.Empty;

    /// <summary>A spot check of the tree's county, drawn by its city's office.</summary>
    private async Task<Guid> SpotCheckAsync(TestTree tree)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var city = TestSites.Site(factory.Services, tree.City);
        var inspector = new UserAccess(Guid.NewGuid(), "inspector", [(city.Id, SiteRole.Supervisor)]);
        var checks = await scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Monitoring.SpotChecks>().StartAsync(inspector, city, new SiteCluster.Core.Monitoring.SpotCheckDraw(Sites: 1));
        return Assert.Single(checks).Id;
    }

    private async Task<Guid> ApplicationAsync(string slug)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, slug));
        var (application, _) = await scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Interaction.DisclosureApplications>().SubmitAsync(new SiteCluster.Core.Interaction.ApplicationForm
        {
            ApplicantName = "王五",
            IdentityNumber = "530900198001010011",
            Phone = "13700000000",
            Description = "某文件",
            PreferredFormat = "电子数据",
            Delivery = "电子邮件",
        });
        return application.Id;
    }

    private async Task<Guid> MessageAsync(string slug)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, slug));
        var (message, _) = await scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Interaction.PublicMessages>().SubmitAsync(
            new SiteCluster.Core.Interaction.MessageForm(SiteCluster.Core.Interaction.MessageKind.Consultation, "咨询", "内容", "王五", "13700000000", null, true));
        return message.Id;
    }

    private async Task<Guid> ConsultationAsync(string slug)
    {
        await using var scope = TestSites.ScopeFor(factory.Services, TestSites.Site(factory.Services, slug));
        var consultation = await scope.ServiceProvider.GetRequiredService<SiteCluster.Core.Interaction.Consultations>().SaveAsync(
            new ContentActor("user:seed-editor", new HashSet<SiteRole> { SiteRole.Editor }),
            null,
            new SiteCluster.Core.Interaction.ConsultationForm("征求意见", "<p>草案</p>", null, null, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)));
        return consultation.Id;
    }

    private async Task<Guid> PublishedItemAsync(string slug)
    {
        var site = TestSites.Site(factory.Services, slug);
        var editor = new ContentActor("user:seed-editor", new HashSet<SiteRole> { SiteRole.Editor });
        var reviewer = new ContentActor("user:seed-reviewer", new HashSet<SiteRole> { SiteRole.Reviewer });
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        var notices = await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        var content = scope.ServiceProvider.GetRequiredService<ContentService>();
        var item = await content.CreateAsync(editor, "Notice", new ContentDraft { ColumnId = notices, Title = "通知", Body = "<p>x</p>", Publisher = "办公室" });
        await content.SubmitAsync(editor, item.Id);
        await content.ApproveAsync(reviewer, item.Id);
        return item.Id;
    }

    /// <summary>The editor's form for a new notice in 通知公告 with a PDF to upload, as a browser posts it.</summary>
    private static MultipartFormDataContent NoticeForm(string editorPage, string title, string body, string publisher, string pdfName) => new()
    {
        { new StringContent(Token(editorPage)), "__RequestVerificationToken" },
        { new StringContent("Notice"), "type" },
        { new StringContent("0"), "Form.Version" },
        { new StringContent(OptionValue(editorPage, "通知公告")), "Form.ColumnId" },
        { new StringContent(title), "Form.Title" },
        { new StringContent(body), "Form.Body" },
        { new StringContent(publisher), "Form.Publisher" },
        { new StringContent("Proactive"), "Form.Disclosure" },
        { new ByteArrayContent("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray()), "Upload", pdfName },
    };

    private Task<string> UserAsync(string slug, params SiteRole[] roles) => TestSites.CreateUserAsync(factory.Services, slug, Password, roles);

    private async Task<HttpClient> LoginAsync(string userName)
    {
        var client = factory.Client();
        client.BaseAddress = new Uri("http://localhost");
        var form = await client.GetStringAsync("/admin/login");
        var response = await client.PostAsync("/admin/login", Form(form, ("userName", userName), ("password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", Token(page))));

    private static string Token(string page) =>
        TokenRegex().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No antiforgery token on the page.");

    private static string OptionValue(string page, string label) =>
        Regex.Match(page, $"<option value=\"([^\"]+)\"[^>]*>(?:[^<]* › )?{Regex.Escape(label)}</option>").Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}

public sealed class AdminSqliteTests(SqliteDemoFactory factory) : AdminTests(factory), IClassFixture<SqliteDemoFactory>;

public sealed class AdminPostgresTests(PostgresDemoFactory factory) : AdminTests(factory), IClassFixture<PostgresDemoFactory>;
