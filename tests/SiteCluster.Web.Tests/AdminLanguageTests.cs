using System.Net;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>Chinese first, English on request: the admin's language switch and the core's messages.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task The_admin_speaks_Chinese_whatever_the_browser_asks_and_English_after_the_switch_down_to_the_cores_messages()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var client = await LoginAsync(await UserAsync(tree.County, SiteRole.Editor));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var chinese = await client.GetStringAsync($"/admin/{tree.County}/content/edit?type=Notice");
        Assert.Contains("<html lang=\"zh-CN\">", chinese, StringComparison.Ordinal);
        Assert.Contains(">保存草稿</button>", chinese, StringComparison.Ordinal);

        var switched = await client.PostAsync("/admin/language", Form(chinese, ("culture", "en"), ("returnUrl", $"/admin/{tree.County}/content/edit?type=Notice")));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var english = await client.GetStringAsync(switched.Headers.Location);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.DoesNotContain(">保存草稿</button>", english, StringComparison.Ordinal);

        var refused = await client.PostAsync($"/admin/{tree.County}/content/edit?handler=Save", Form(english,
            ("type", "Notice"), ("Form.Version", "0"), ("Form.ColumnId", OptionValue(english, "通知公告")), ("Form.Title", ""), ("Form.Disclosure", "Proactive")));
        Assert.Matches("id=\"title-error\">Enter a title\\.", await refused.Content.ReadAsStringAsync());

        var back = await client.PostAsync("/admin/language", Form(english, ("culture", "zh-CN"), ("returnUrl", $"/admin/{tree.County}")));
        Assert.Contains("<html lang=\"zh-CN\">", await client.GetStringAsync(back.Headers.Location), StringComparison.Ordinal);
    }
}
