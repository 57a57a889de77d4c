using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>转载 as readers see it: a pushed policy is live on every site below, follows edits and withdrawal, and names its source.</summary>
public abstract partial class PublicContentTests
{
    [Fact]
    public async Task A_pushed_policy_shows_on_every_county_with_its_source_follows_an_edit_at_once_and_leaves_with_a_withdrawal()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var province = TestSites.Site(factory.Services, tree.Province);
        var countyList = $"http://{tree.CountyHost}/zcwj/";
        var cityList = $"http://{tree.CityHost}/zcwj/";
        await _client.GetStringAsync(countyList);
        await _client.GetStringAsync($"http://{tree.CountyHost}/");
        var item = await PublishAsync(province, Notice(c: null, "关于提高城乡低保标准的通知"));

        await using (var scope = TestSites.ScopeFor(factory.Services, province))
        {
            var pushed = await scope.ServiceProvider.GetRequiredService<RepostService>().PushAsync(Editor, item.Id, new PushTargets(AllBelow: true), "02", hold: false);
            Assert.Equal(2, pushed.Created);
        }

        var list = await _client.GetStringAsync(countyList);
        Assert.Contains(">关于提高城乡低保标准的通知</a>", await _client.GetStringAsync(cityList), StringComparison.Ordinal);
        Assert.Contains(">关于提高城乡低保标准的通知</a>", await _client.GetStringAsync($"http://{tree.CountyHost}/"), StringComparison.Ordinal);
        var url = Regex.Match(list, "<a href=\"([^\"]+)\">关于提高城乡低保标准的通知</a>").Groups[1].Value;
        Assert.Equal($"/zcwj/{item.Id:N}.html", url);
        var page = await _client.GetStringAsync($"http://{tree.CountyHost}{url}");
        Assert.Contains($"来源：<a href=\"http://{tree.ProvinceHost}/{item.Id:N}.html\">{province.Name}</a>", page, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://{tree.ProvinceHost}/{item.Id:N}.html\" />", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">首页</a>", page, StringComparison.Ordinal);
        var original = await _client.GetAsync($"http://{tree.ProvinceHost}/{item.Id:N}.html");
        Assert.Equal(HttpStatusCode.MovedPermanently, original.StatusCode);

        // An edit to the title at the province, published: every county shows it at the next request.
        await InSiteAsync(province, async (s, _) =>
        {
            var draft = await s.GetDraftAsync(item.Id);
            var saved = await s.SaveAsync(Editor, item.Id, draft with { Title = "关于提高城乡最低生活保障标准的通知" }, item.CurrentVersion);
            await s.SubmitAsync(Editor, item.Id);
            return await s.ApproveAsync(Reviewer, item.Id);
        });
        Assert.Contains(">关于提高城乡最低生活保障标准的通知</a>", await _client.GetStringAsync(countyList), StringComparison.Ordinal);
        Assert.Contains("<h1>关于提高城乡最低生活保障标准的通知</h1>", await _client.GetStringAsync($"http://{tree.CountyHost}{url}"), StringComparison.Ordinal);

        await InSiteAsync(province, (s, _) => s.WithdrawAsync(Reviewer, item.Id, "政策调整"));
        Assert.DoesNotContain("最低生活保障标准的通知", await _client.GetStringAsync(countyList), StringComparison.Ordinal);
        Assert.DoesNotContain("最低生活保障标准的通知", await _client.GetStringAsync($"http://{tree.CountyHost}/"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"http://{tree.CountyHost}{url}")).StatusCode);
    }

    [Fact]
    public async Task A_site_shows_no_item_of_another_site_that_was_not_reposted_to_it()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var item = await PublishAsync(TestSites.Site(factory.Services, tree.Province), Notice(c: null, "未转载的省级通知"));

        var asked = await _client.GetAsync($"http://{tree.CountyHost}/zcwj/{item.Id:N}.html");

        Assert.Equal(HttpStatusCode.NotFound, asked.StatusCode);
        Assert.DoesNotContain("未转载的省级通知", await _client.GetStringAsync($"http://{tree.CountyHost}/zcwj/"), StringComparison.Ordinal);
    }
}
