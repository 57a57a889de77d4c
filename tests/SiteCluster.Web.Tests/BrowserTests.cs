using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SiteCluster.Core;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The demo cluster on a real Kestrel port, for a real browser.</summary>
public sealed class KestrelDemoFactory : SiteClusterWebFactory
{
    public KestrelDemoFactory()
        : base(DatabaseProvider.Sqlite, demo: true) => UseKestrel(0);

    /// <summary>The server's root as a browser reaches the provincial portal (its host <c>localhost</c>).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri($"http://localhost:{new Uri(address).Port}/");
        }
    }
}

/// <summary>
/// The admin in Debian's Chromium, driven by Playwright: what a county webmaster does every
/// day, with no JavaScript errors on any page, and screenshots at desktop and phone widths.
/// </summary>
public sealed class BrowserTests(KestrelDemoFactory factory) : IClassFixture<KestrelDemoFactory>
{
    private const string Password = "Browser-test-2026";

    [Fact]
    public async Task A_county_editor_publishes_a_notice_with_a_PDF_and_a_reviewer_approves_it()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var editor = await UserAsync(tree.County, SiteRole.Editor);
        var reviewer = await UserAsync(tree.County, SiteRole.Reviewer);
        var pdf = Path.Combine(Path.GetTempPath(), $"{TestSites.NewSuffix()}.pdf");
        await File.WriteAllBytesAsync(pdf, "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray());
        var artifacts = Directory.CreateDirectory(TestServices.Artifacts).FullName;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestServices.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var consoleErrors = new List<string>();
        var page = await NewPageAsync(browser, 1280, consoleErrors);

        var started = DateTimeOffset.UtcNow;
        await LoginAsync(page, editor);
        await page.GetByRole(AriaRole.Link, new() { Name = TestSites.Site(factory.Services, tree.County).Name }).ClickAsync();
        await ShotAsync(page, artifacts, "dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "通知公告", Exact = true }).ClickAsync();
        await page.GetByLabel("栏目").SelectOptionAsync(new SelectOptionValue { Label = "通知公告" });
        await page.GetByLabel("标题").FillAsync("关于城区停水的通知");
        await page.Locator("#Form-Body").FillAsync("<p>因管网维修，城区12月1日停水一天。</p>");
        await page.GetByLabel("发布机构").FillAsync("测试县人民政府办公室");
        await page.Locator("#Upload").SetInputFilesAsync(pdf);
        await ShotAsync(page, artifacts, "editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并送审" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("已保存并送审");
        var editorDone = DateTimeOffset.UtcNow - started;
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        await LoginAsync(page, reviewer);
        await page.GotoAsync(new Uri(factory.BaseAddress, $"admin/{tree.County}/review").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "关于城区停水的通知" }).ClickAsync();
        await ShotAsync(page, artifacts, "review");
        var preview = await page.GetByRole(AriaRole.Link, new() { Name = "按发布效果预览" }).GetAttributeAsync("href");
        var reviewUrl = page.Url;
        await page.GotoAsync(new Uri(factory.BaseAddress, preview!.TrimStart('/')).ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("尚未发布");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "关于城区停水的通知" })).ToBeVisibleAsync();
        await ShotAsync(page, artifacts, "preview");
        await page.GotoAsync(reviewUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("已审核通过");

        await page.GotoAsync(new Uri(factory.BaseAddress, $"s/{tree.County}/tzgg/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "关于城区停水的通知" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "关于城区停水的通知" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Path.GetFileName(pdf) })).ToBeVisibleAsync();
        await ShotAsync(page, artifacts, "public-item");

        var phone = await NewPageAsync(browser, 375, consoleErrors);
        await phone.GotoAsync(page.Url);
        await ShotAsync(phone, artifacts, "public-item");
        await LoginAsync(phone, editor);
        await phone.GotoAsync(new Uri(factory.BaseAddress, $"admin/{tree.County}/content").ToString());
        await ShotAsync(phone, artifacts, "content-list");
        await phone.GotoAsync(new Uri(factory.BaseAddress, $"admin/{tree.County}/media").ToString());
        await Assertions.Expect(phone.GetByRole(AriaRole.Link, new() { Name = Path.GetFileName(pdf) })).ToBeVisibleAsync();
        await ShotAsync(phone, artifacts, "media");
        await page.GotoAsync(new Uri(factory.BaseAddress, $"admin/{tree.County}/users").ToString());
        await ShotAsync(page, artifacts, "users");

        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        Assert.True(editorDone < TimeSpan.FromMinutes(1), $"The editor's part took {editorDone}.");
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, int width, List<string> consoleErrors)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width > 600 ? 900 : 740 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => consoleErrors.Add($"{page.Url}: {error}");
        return page;
    }

    private async Task LoginAsync(IPage page, string userName)
    {
        await page.GotoAsync(new Uri(factory.BaseAddress, "admin/login").ToString());
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的网站" })).ToBeVisibleAsync();
    }

    private static async Task ShotAsync(IPage page, string folder, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, $"{name}-{page.ViewportSize!.Width}.png"),
            FullPage = true,
        });

    private Task<string> UserAsync(string slug, SiteRole role) => TestSites.CreateUserAsync(factory.Services, slug, Password, role);
}
