using System.Net;
using SiteCluster.Core;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

public sealed class LowSearchLimitFactory() : SiteClusterWebFactory(DatabaseProvider.Sqlite, demo: false, new()
{
    ["SiteCluster:Search:RequestsPerMinutePerClient"] = "3",
    ["SiteCluster:Interaction:FormsPerHourPerClient"] = "2",
});

/// <summary>A client that floods search or the public forms is told to slow down; the rest of the site still answers.</summary>
public sealed class SearchRateLimitTests(LowSearchLimitFactory factory) : IClassFixture<LowSearchLimitFactory>
{
    [Fact]
    public async Task Searches_past_the_per_minute_limit_get_429_and_pages_still_answer()
    {
        var tree = await TestSites.CreateTreeAsync(factory.Services);
        var client = factory.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync($"http://{tree.CountyHost}/search?q=低保{i}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync($"http://{tree.CountyHost}/api/search?q=低保")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://{tree.CountyHost}/")).StatusCode);
    }

    [Fact]
    public async Task Form_submissions_past_the_hourly_limit_get_429_and_the_form_still_shows()
    {
        var tree = await TestSites.CreateTreeAsync(factory.Services);
        var client = factory.Client();
        var apply = $"http://{tree.CountyHost}/apply";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync(apply, new FormUrlEncodedContent([KeyValuePair.Create("ApplicantName", $"测试{i}")]))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(apply)).StatusCode);
    }
}
