using System.Net;
using System.Text.RegularExpressions;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Pushing from the admin and the receiving site's repost inbox.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task A_province_editor_pushes_a_notice_into_the_county_inbox_and_the_county_webmaster_shows_then_hides_it()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishedItemAsync(tree.Province);
        var province = await LoginAsync(await UserAsync(tree.Province, SiteRole.Editor));
        var county = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor, SiteRole.SiteAdmin));

        var pushPage = await province.GetStringAsync($"/admin/{tree.Province}/content/push/{item}");
        Assert.Contains("所有下级网站（共 2 个）", pushPage, StringComparison.Ordinal);
        var pushed = await province.PostAsync($"/admin/{tree.Province}/content/push/{item}", Form(pushPage, ("Scope", "levels"), ("Levels", "County"), ("Node", "02"), ("Hold", "true")));
        Assert.Equal(HttpStatusCode.Redirect, pushed.StatusCode);
        Assert.Contains("已推送到 1 个网站", await province.GetStringAsync(pushed.Headers.Location), StringComparison.Ordinal);

        var dashboard = await county.GetStringAsync($"/admin/{tree.County}");
        Assert.Matches("<strong>1</strong><a href=\"/admin/[^\"]+/reposts\">转载待处理</a>", dashboard);
        var inbox = await county.GetStringAsync($"/admin/{tree.County}/reposts");
        Assert.Contains("<td>通知</td>", inbox, StringComparison.Ordinal);
        Assert.Contains("<td>待处理</td>", inbox, StringComparison.Ordinal);
        Assert.Contains("0 天前", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain($"{item:N}.html\">通知</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/zcwj/"), StringComparison.Ordinal);

        var repost = Regex.Match(inbox, "name=\"repostId\" value=\"([^\"]+)\"").Groups[1].Value;
        var shown = await county.PostAsync($"/admin/{tree.County}/reposts?handler=Decide", Form(inbox, ("repostId", repost), ("decision", "Shown")));
        Assert.Equal(HttpStatusCode.Redirect, shown.StatusCode);
        Assert.Contains($"{item:N}.html\">通知</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/zcwj/"), StringComparison.Ordinal);

        var hidden = await county.PostAsync($"/admin/{tree.County}/reposts?handler=Decide", Form(inbox, ("repostId", repost), ("decision", "Hidden")));
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.DoesNotContain($"{item:N}.html\">通知</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/zcwj/"), StringComparison.Ordinal);

        // The county's webmaster cannot open the source to edit it, nor push upward.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/admin/{tree.County}/content/edit/{item}")).StatusCode);
        var own = await PublishedItemAsync(tree.County);
        Assert.Contains("本站没有下级网站，不能推送。", await county.GetStringAsync($"/admin/{tree.County}/content/push/{own}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_county_webmaster_detaches_a_repost_after_confirming_and_its_old_address_leads_to_the_copy()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishedItemAsync(tree.Province);
        var province = await LoginAsync(await UserAsync(tree.Province, SiteRole.Editor));
        var county = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var pushPage = await province.GetStringAsync($"/admin/{tree.Province}/content/push/{item}");
        await province.PostAsync($"/admin/{tree.Province}/content/push/{item}", Form(pushPage, ("Scope", "sites"), ("Sites", tree.County), ("Node", "04")));
        var oldAddress = $"http://{tree.CountyHost}/tzgg/{item:N}.html";
        Assert.Contains("来源：", await factory.Client().GetStringAsync(oldAddress), StringComparison.Ordinal);

        var inbox = await county.GetStringAsync($"/admin/{tree.County}/reposts");
        var repost = Regex.Match(inbox, "name=\"repostId\" value=\"([^\"]+)\"").Groups[1].Value;
        var ask = await county.PostAsync($"/admin/{tree.County}/reposts?handler=Detach", Form(inbox, ("repostId", repost)));
        Assert.Contains("确定把“通知”转为本站自己的信息吗？", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var detached = await county.PostAsync($"/admin/{tree.County}/reposts?handler=Detach", Form(inbox, ("repostId", repost), ("confirmed", "true")));
        Assert.Equal(HttpStatusCode.Redirect, detached.StatusCode);

        var moved = await factory.Client().GetAsync(oldAddress);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        var copy = await factory.Client().GetStringAsync($"http://{tree.CountyHost}{moved.Headers.Location}");
        Assert.Contains("<h1>通知</h1>", copy, StringComparison.Ordinal);
        Assert.DoesNotContain("来源：<a", copy, StringComparison.Ordinal);
        Assert.Contains($"<tr><th scope=\"row\">信息来源</th><td>{TestSites.Site(factory.Services, tree.Province).Name}</td></tr>", copy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_county_webmaster_subscribes_to_the_provinces_notices_and_each_new_one_shows_on_the_county_until_unsubscribed()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var earlier = await PublishedItemAsync(tree.Province);
        var county = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        var page = await county.GetStringAsync($"/admin/{tree.County}/subscriptions");

        var subscribed = await county.PostAsync($"/admin/{tree.County}/subscriptions?handler=Subscribe", Form(page, ("Source", tree.Province), ("Node", "04"), ("Backfill", "true")));
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        var list = await county.GetStringAsync($"/admin/{tree.County}/subscriptions");
        Assert.Contains("已订阅，并补充转载了 1 条已发布信息。", list, StringComparison.Ordinal);
        Assert.Contains($"{earlier:N}.html\">通知</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/tzgg/"), StringComparison.Ordinal);

        var later = await PublishedItemAsync(tree.Province);
        Assert.Contains($"{later:N}.html\">通知</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/tzgg/"), StringComparison.Ordinal);

        var subscription = Regex.Match(list, "name=\"subscriptionId\" value=\"([^\"]+)\"").Groups[1].Value;
        var ask = await county.PostAsync($"/admin/{tree.County}/subscriptions?handler=Unsubscribe", Form(list, ("subscriptionId", subscription)));
        Assert.Contains("确定取消订阅", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await county.PostAsync($"/admin/{tree.County}/subscriptions?handler=Unsubscribe", Form(list, ("subscriptionId", subscription), ("confirmed", "true")));
        var last = await PublishedItemAsync(tree.Province);
        Assert.DoesNotContain($"{last:N}.html", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/tzgg/"), StringComparison.Ordinal);
    }
}
