using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The media library and the site's users page, through HTTP without JavaScript.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task The_media_library_uploads_refuses_bad_files_and_deletes_only_unused_files_after_confirming()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var page = await client.GetStringAsync($"/admin/{tree.County}/media");

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "files", "在用.pdf" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "files", "无用.pdf" },
            { new ByteArrayContent("MZ\u0090\0"u8.ToArray()), "files", "病毒.exe" },
        };
        var refused = await client.PostAsync($"/admin/{tree.County}/media?handler=Upload", upload);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("病毒.exe：不支持的文件类型", refusedHtml, StringComparison.Ordinal);

        var list = await client.GetStringAsync($"/admin/{tree.County}/media");
        Assert.Contains("共 2 个文件", list, StringComparison.Ordinal);
        var used = MediaId(list, "在用.pdf");
        var unused = MediaId(list, "无用.pdf");
        await AttachAsync(tree.County, used);

        // The admin's own copy is served whether or not any item shows the file.
        var download = await client.GetAsync($"/admin/{tree.County}/media?handler=File&mediaId={unused}");
        Assert.Equal(("application/pdf", "%PDF-"), (download.Content.Headers.ContentType?.MediaType, (await download.Content.ReadAsStringAsync())[..5]));

        var ask = await client.PostAsync($"/admin/{tree.County}/media?handler=Delete", Form(list, ("mediaId", unused)));
        var askHtml = await ask.Content.ReadAsStringAsync();
        Assert.Contains("确定删除文件“无用.pdf”吗？", askHtml, StringComparison.Ordinal);
        Assert.Contains("共 2 个文件", askHtml, StringComparison.Ordinal);

        var inUse = await client.PostAsync($"/admin/{tree.County}/media?handler=Delete", Form(list, ("mediaId", used), ("confirmed", "true")));
        Assert.Contains("文件“在用.pdf”已被信息引用，不能删除。", await inUse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var deleted = await client.PostAsync($"/admin/{tree.County}/media?handler=Delete", Form(list, ("mediaId", unused), ("confirmed", "true")));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await client.GetStringAsync($"/admin/{tree.County}/media");
        Assert.Contains("共 1 个文件", after, StringComparison.Ordinal);
        Assert.Contains("已删除文件“无用.pdf”。", after, StringComparison.Ordinal);
        Assert.DoesNotContain("\">无用.pdf</a>", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/{tree.County}/media?handler=File&mediaId={unused}")).StatusCode);
    }

    [Fact]
    public async Task A_site_admin_adds_an_editor_account_and_removes_the_role_after_confirming()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var siteAdmin = await LoginAsync(await UserAsync(tree.County, SiteRole.SiteAdmin));
        var page = await siteAdmin.GetStringAsync($"/admin/{tree.County}/users");
        Assert.DoesNotContain("<option value=\"Supervisor\"", page, StringComparison.Ordinal);
        var newName = $"e{TestSites.NewSuffix()}";

        var weak = await siteAdmin.PostAsync($"/admin/{tree.County}/users?handler=Grant", Form(page,
            ("Form.UserName", newName), ("Form.DisplayName", "张三"), ("Form.Role", "Editor"), ("Form.Password", "short")));
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Matches("id=\"password-error\">[^<]*密码太短", weakHtml);
        Assert.Contains($"value=\"{newName}\"", weakHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"张三\"", weakHtml, StringComparison.Ordinal);

        var supervisor = await siteAdmin.PostAsync($"/admin/{tree.County}/users?handler=Grant", Form(page,
            ("Form.UserName", newName), ("Form.Role", "Supervisor"), ("Form.Password", Password)));
        Assert.Matches("id=\"role-error\">您不能", await supervisor.Content.ReadAsStringAsync());

        var granted = await siteAdmin.PostAsync($"/admin/{tree.County}/users?handler=Grant", Form(page,
            ("Form.UserName", newName), ("Form.DisplayName", "张三"), ("Form.Role", "Editor"), ("Form.Password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var editor = await LoginAsync(newName);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/admin/{tree.County}/content")).StatusCode);

        var list = await siteAdmin.GetStringAsync($"/admin/{tree.County}/users");
        var membership = Regex.Match(list, $"<td>{newName}</td>[\\s\\S]*?name=\"membershipId\" value=\"([^\"]+)\"").Groups[1].Value;
        var ask = await siteAdmin.PostAsync($"/admin/{tree.County}/users?handler=Revoke", Form(list, ("membershipId", membership)));
        Assert.Contains($"确定移除 {newName} 的“编辑”角色吗？", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/admin/{tree.County}/content")).StatusCode);

        var revoked = await siteAdmin.PostAsync($"/admin/{tree.County}/users?handler=Revoke", Form(list, ("membershipId", membership), ("confirmed", "true")));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/admin/{tree.County}/content")).StatusCode);
    }

    [Fact]
    public async Task Editors_and_reviewers_see_the_sites_users_but_cannot_change_them()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor, SiteRole.Reviewer));
        var page = await client.GetStringAsync($"/admin/{tree.County}/users");

        var grant = await client.PostAsync($"/admin/{tree.County}/users?handler=Grant", Form(page,
            ("Form.UserName", $"x{TestSites.NewSuffix()}"), ("Form.Role", "Editor"), ("Form.Password", Password)));

        Assert.DoesNotContain("handler=Grant", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
    }

    [Fact]
    public async Task A_draft_is_previewed_in_the_public_theme_with_its_metadata_and_files_while_the_public_cannot_see_it()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var form = await client.GetStringAsync($"/admin/{tree.County}/content/edit?type=Notice");
        using var upload = NoticeForm(form, "关于春节期间办事大厅开放时间的通知", "<p>初一至初三休息。</p>", "测试县政务服务中心", "值班表.pdf");
        var saved = await client.PostAsync($"/admin/{tree.County}/content/edit?handler=Save", upload);
        var itemId = saved.Headers.Location!.OriginalString.Split('/').Last();

        var preview = await client.GetAsync($"/admin/{tree.County}/content/preview/{itemId}");
        var html = await preview.Content.ReadAsStringAsync();

        Assert.True(preview.Headers.CacheControl?.NoStore);
        Assert.Contains("<h1>关于春节期间办事大厅开放时间的通知</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">发布机构</th><td>测试县政务服务中心</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("此页面尚未发布", html, StringComparison.Ordinal);
        var file = Regex.Match(html, "<a href=\"([^\"]+)\">值班表.pdf</a>").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.StartsWith($"/admin/{tree.County}/media?handler=File", file, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(file)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"http://{tree.CountyHost}/tzgg/{Guid.Parse(itemId):N}.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/{tree.County}/content/preview/{itemId}?version=9")).StatusCode);
    }

    [Fact]
    public async Task A_site_admin_sets_colour_emblem_home_blocks_and_quick_links_and_the_home_page_shows_them()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.SiteAdmin, SiteRole.Editor));
        var media = await client.GetStringAsync($"/admin/{tree.County}/media");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token(media)), "__RequestVerificationToken" },
            { new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")), "files", "县徽.png" },
        };
        await client.PostAsync($"/admin/{tree.County}/media?handler=Upload", upload);
        var settings = await client.GetStringAsync($"/admin/{tree.County}/settings");
        var emblem = OptionValue(settings, "县徽.png");
        (string, string)[] Fields(string color, string links) =>
        [
            ("Form.Name", TestSites.Site(factory.Services, tree.County).Name), ("Form.Organiser", "测试县人民政府办公室"), ("Form.Theme", "blue"),
            ("Form.ExpiredContent", "Mark"), ("Form.Color", color), ("Form.Logo", emblem), ("Form.HomeColumns", "04"), ("Form.QuickLinks", links),
        ];

        var pale = await client.PostAsync($"/admin/{tree.County}/settings", Form(settings, Fields("#ffe0e0", "办事大厅 https://zwfw.example.cn/")));
        var paleHtml = await pale.Content.ReadAsStringAsync();
        Assert.Matches("id=\"color-error\">该颜色上的白色文字对比度不足", paleHtml);
        Assert.Contains("办事大厅 https://zwfw.example.cn/</textarea>", paleHtml, StringComparison.Ordinal);
        var badLink = await client.PostAsync($"/admin/{tree.County}/settings", Form(settings, Fields("#7a1f1f", "办事大厅 javascript:alert(1)")));
        Assert.Matches("id=\"quickLinks-error\">这一行不是", await badLink.Content.ReadAsStringAsync());

        var saved = await client.PostAsync($"/admin/{tree.County}/settings", Form(settings, Fields("#7a1f1f", "办事大厅 https://zwfw.example.cn/\n信箱 /hdjl/")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var home = await factory.Client().GetStringAsync($"http://{tree.CountyHost}/");
        Assert.Contains("<body class=\"theme-blue level-county\">", home, StringComparison.Ordinal);
        Assert.Contains("<style>body[class] { --main: #7a1f1f; }</style>", home, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"https://zwfw.example.cn/\">办事大厅</a></li>", home, StringComparison.Ordinal);
        Assert.Matches("<h2 id=\"block-0\">通知公告 <a href=\"/tzgg/\">更多", home);
        Assert.DoesNotContain("<h2 id=\"block-1\">", home, StringComparison.Ordinal);
        var logo = Regex.Match(home, "<img class=\"emblem\" src=\"([^\"]+)\"").Groups[1].Value;
        var image = await factory.Client().GetAsync($"http://{tree.CountyHost}{logo}");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    private static string MediaId(string page, string fileName) =>
        Regex.Match(page, $"mediaId=([0-9a-f-]+)\">{Regex.Escape(fileName)}</a>").Groups[1].Value;

    private async Task AttachAsync(string slug, string mediaId)
    {
        var site = TestSites.Site(factory.Services, slug);
        await using var scope = TestSites.ScopeFor(factory.Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var notices = await db.Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        var editor = new ContentActor("user:seed-editor", new HashSet<SiteRole> { SiteRole.Editor });
        await scope.ServiceProvider.GetRequiredService<ContentService>().CreateAsync(editor, "Notice", new ContentDraft
        {
            ColumnId = notices,
            Title = "附件通知",
            Body = "<p>x</p>",
            Publisher = "办公室",
            Attachments = [new ContentAttachment(Guid.Parse(mediaId), "在用.pdf")],
        });
    }
}
