using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SiteCluster.Core.Identity;
using SiteCluster.Testing;

namespace SiteCluster.Web.Tests;

/// <summary>The provincial office's catalogue and audit pages, through HTTP without JavaScript.</summary>
public abstract partial class AdminTests
{
    [Fact]
    public async Task A_cluster_admin_uploads_a_new_catalogue_version_previews_the_upgrade_and_applies_it_to_every_site()
    {
        var tree = await TestSites.CreateContentTreeAsync(factory.Services);
        var clusterAdmin = await LoginClusterAdminAsync(tree.Province);
        var suffix = TestSites.NewSuffix();
        var catalogue = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "catalogue", "standard.json")))!.AsObject();
        catalogue["version"] = $"test-{suffix}";
        var code = $"9{suffix[..5]}";
        catalogue["nodes"]!.AsArray().Add(new JsonObject
        {
            ["code"] = code,
            ["name"] = "乡村振兴专栏",
            ["slug"] = $"xczx{suffix[..4]}",
            ["contentTypes"] = new JsonArray("Article"),
            ["updateClass"] = "None",
            ["mandatoryFor"] = new JsonArray("County"),
        });
        var page = await clusterAdmin.GetStringAsync("/admin/_cluster/catalogue");
        Assert.Contains("recipes/standard.json", page, StringComparison.Ordinal);

        using var broken = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("{ \"version\": \"x\", \"nodes\": [ { \"code\": \"01\" } ] }"), "upload", "broken.json" },
        };
        var refused = await clusterAdmin.PostAsync("/admin/_cluster/catalogue?handler=Upload", broken);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("nodes[0].name", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent(catalogue.ToJsonString()), "upload", "new.json" },
        };
        var uploaded = await clusterAdmin.PostAsync("/admin/_cluster/catalogue?handler=Upload", upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var preview = await clusterAdmin.GetStringAsync(uploaded.Headers.Location);
        Assert.Contains($"<td>新增</td><td>{code}</td><td>乡村振兴专栏</td><td>县级门户网站必设", preview, StringComparison.Ordinal);
        Assert.DoesNotContain(">乡村振兴专栏</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/"), StringComparison.Ordinal);

        var file = Regex.Match(preview, "name=\"file\" value=\"([^\"]+)\"").Groups[1].Value;
        var applied = await clusterAdmin.PostAsync("/admin/_cluster/catalogue?handler=Apply", Form(preview, ("file", file)));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);

        var after = await clusterAdmin.GetStringAsync("/admin/_cluster/catalogue");
        Assert.Contains($"已安装目录版本 test-{suffix}", after, StringComparison.Ordinal);
        Assert.Contains($"<td>test-{suffix}（当前）</td>", after, StringComparison.Ordinal);
        Assert.Contains(">乡村振兴专栏</a>", await factory.Client().GetStringAsync($"http://{tree.CountyHost}/"), StringComparison.Ordinal);
        Assert.DoesNotContain(">乡村振兴专栏</a>", await factory.Client().GetStringAsync($"http://{tree.CityHost}/"), StringComparison.Ordinal);

        var audit = await clusterAdmin.GetStringAsync($"/admin/_cluster/audit?site={tree.County}&entity=Column");
        Assert.Contains("乡村振兴专栏", audit, StringComparison.Ordinal);
        Assert.Contains("recipe:admin-", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_audit_log_lists_every_sites_changes_by_filter_and_only_for_cluster_admins()
    {
        var a = await TestSites.CreateContentTreeAsync(factory.Services);
        var b = await TestSites.CreateContentTreeAsync(factory.Services);
        var editorOfA = await UserAsync(a.County, SiteRole.Editor);
        var editorClient = await LoginAsync(editorOfA);
        await PublishedItemAsync(a.County);
        await PublishedItemAsync(b.County);
        var clusterAdmin = await LoginClusterAdminAsync(a.Province);

        var all = await clusterAdmin.GetStringAsync("/admin/_cluster/audit?action=Published");
        var onlyA = await clusterAdmin.GetStringAsync($"/admin/_cluster/audit?action=Published&site={a.County}");
        var unknown = await clusterAdmin.GetStringAsync("/admin/_cluster/audit?site=no-such-site");

        Assert.Contains($"<td>{SiteNameOf(a.County)}</td>", all, StringComparison.Ordinal);
        Assert.Contains($"<td>{SiteNameOf(b.County)}</td>", all, StringComparison.Ordinal);
        Assert.Contains("<td>发布</td>", onlyA, StringComparison.Ordinal);
        Assert.Contains("共 1 条记录", onlyA, StringComparison.Ordinal);
        Assert.DoesNotContain($"<td>{SiteNameOf(b.County)}</td>", onlyA, StringComparison.Ordinal);
        Assert.Contains("没有代号为“no-such-site”的网站。", unknown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editorClient.GetAsync("/admin/_cluster/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editorClient.GetAsync("/admin/_cluster/catalogue")).StatusCode);
    }

    private string SiteNameOf(string slug) => TestSites.Site(factory.Services, slug).Name;
}
