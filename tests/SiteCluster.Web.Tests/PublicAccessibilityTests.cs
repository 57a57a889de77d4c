using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SiteCluster.Testing;
using SiteCluster.Web.Search;

namespace SiteCluster.Web.Tests;

/// <summary>
/// The public pages in Debian's Chromium: axe-core (WCAG 2.1 A and AA rules) finds nothing on
/// the home, list, article and catalogue pages, in the normal and in the large-text and
/// high-contrast modes; a reader reaches an article from the home page by keyboard alone; and
/// screenshots at desktop and phone widths are kept.
/// </summary>
public sealed class PublicAccessibilityTests(KestrelDemoFactory factory) : IClassFixture<KestrelDemoFactory>
{
    private const string Site = "s/lincang-mzj/";
    private const string Article = "临沧市民政局关于全面推进民政政务公开工作实施方案";

    [Fact]
    public async Task Axe_core_finds_no_violations_on_the_four_page_kinds_search_and_the_public_forms_in_either_display_mode()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var artifacts = Directory.CreateDirectory(TestServices.Artifacts).FullName;
        var page = await NewPageAsync(browser, 1280);
        var phone = await NewPageAsync(browser, 375);
        var violations = new List<string>();

        var pages = new (string Name, Func<IPage, Task> Open)[]
        {
            ("home", p => GotoAsync(p, Site)),
            ("list", p => GotoAsync(p, Site + "zcwj/bjwj/")),
            ("article", async p =>
            {
                await GotoAsync(p, Site + "zcwj/bjwj/");
                await p.GetByRole(AriaRole.Link, new() { Name = Article }).ClickAsync();
            }),
            ("catalogue", p => GotoAsync(p, Site + "catalogue")),
            ("apply", p => GotoAsync(p, Site + "apply")),
            ("mailbox", p => GotoAsync(p, Site + "mailbox/write")),
            ("consultations", p => GotoAsync(p, Site + "consultations")),
            ("consultation", async p =>
            {
                await GotoAsync(p, Site + "consultations");
                await p.GetByRole(AriaRole.Link, new() { Name = "关于《临沧市最低生活保障家庭经济状况核对办法（征求意见稿）》公开征求意见的公告" }).ClickAsync();
            }),
            ("search", async p =>
            {
                await SearchIndexerService.IndexPendingAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), default);
                await GotoAsync(p, Site);
                await p.GetByRole(AriaRole.Search, new() { Name = "站内搜索" }).GetByLabel("搜索词").FillAsync("低保");
                await p.Keyboard.PressAsync("Enter");
                await Assertions.Expect(p.Locator(".search-hits mark").First).ToHaveTextAsync("低保");
            }),
        };
        foreach (var (name, open) in pages)
        {
            await open(page);
            violations.AddRange(await AxeAsync(page, name));
            await ShotAsync(page, artifacts, $"public-{name}");
            await open(phone);
            await ShotAsync(phone, artifacts, $"public-{name}");
        }

        // The same pages for a reader who chose large text and high contrast.
        await GotoAsync(page, Site);
        await page.GetByRole(AriaRole.Link, new() { Name = "大字版" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "高对比度" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync("large-text high-contrast");
        foreach (var (name, open) in pages)
        {
            await open(page);
            violations.AddRange(await AxeAsync(page, $"{name} (large text, high contrast)"));
        }

        await ShotAsync(page, artifacts, "public-article-high-contrast");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task A_reader_reaches_an_article_from_the_home_page_by_keyboard_alone()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await NewPageAsync(browser, 1280);
        await GotoAsync(page, Site);

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("跳转到主要内容", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await TabToAsync(page, "政策文件");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "政策文件", Level = 1 })).ToBeVisibleAsync();
        await TabToAsync(page, "本级文件");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "本级文件", Level = 1 })).ToBeVisibleAsync();
        await TabToAsync(page, Article);
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Article, Level = 1 })).ToBeVisibleAsync();
        Assert.NotEqual("none", outline);
    }

    /// <summary>Presses Tab until the focused element reads <paramref name="text"/>, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string text)
    {
        for (var i = 0; i < 100; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()") == text)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached \"{text}\" on {page.Url}.");
    }

    private static async Task<IReadOnlyList<string>> AxeAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = TestServices.Axe });
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`);
            }
            """);
        return [.. result.EnumerateArray().Select(v => $"{name} {page.Url}: {v.GetString()}")];
    }

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestServices.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, int width)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width > 600 ? 900 : 740 },
            Locale = "zh-CN",
        });
        return await context.NewPageAsync();
    }

    private async Task GotoAsync(IPage page, string path) => await page.GotoAsync(new Uri(factory.BaseAddress, path).ToString());

    private static async Task ShotAsync(IPage page, string folder, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{page.ViewportSize!.Width}.png"), FullPage = true });
}
