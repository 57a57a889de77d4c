using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Tests;

public sealed class SiteRegistrySnapshotTests
{
    private static readonly SiteInfo Province = Site("yunnan", null, "www.yn.gov.cn");
    private static readonly SiteInfo City = Site("lincang", Province, "www.lincang.gov.cn", "old.lincang.gov.cn");
    private static readonly SiteInfo County = Site("fengqing", City, "www.ynfq.gov.cn");
    private readonly SiteRegistrySnapshot _snapshot = new([County, Province, City]);

    [Theory]
    [InlineData("www.lincang.gov.cn", "lincang")]
    [InlineData("WWW.LinCang.GOV.CN", "lincang")]
    [InlineData("www.lincang.gov.cn:8080", "lincang")]
    [InlineData("old.lincang.gov.cn", "lincang")]
    [InlineData("www.ynfq.gov.cn:443", "fengqing")]
    public void Finds_a_site_by_any_of_its_hosts_whatever_the_case_or_port(string host, string slug) =>
        Assert.Equal(slug, _snapshot.FindByHost(host)?.Slug);

    [Theory]
    [InlineData("lincang.gov.cn")]
    [InlineData("www.lincang.gov.cn.evil.com")]
    [InlineData("[::1]:5000")]
    [InlineData("")]
    public void Unknown_hosts_find_nothing(string host) => Assert.Null(_snapshot.FindByHost(host));

    [Fact]
    public void Knows_each_sites_children_and_ancestors()
    {
        Assert.Equal(["lincang"], _snapshot.ChildrenOf(Province.Id).Select(s => s.Slug));
        Assert.Equal(["lincang", "yunnan"], _snapshot.AncestorsOf(County).Select(s => s.Slug));
        Assert.Equal(["yunnan", "lincang", "fengqing"], _snapshot.All.Select(s => s.Slug));
        Assert.Equal("fengqing", _snapshot.FindBySlug("FengQing")?.Slug);
    }

    private static SiteInfo Site(string slug, SiteInfo? parent, params string[] hosts) => new(
        Guid.NewGuid(), slug, slug, parent is null ? SiteLevel.Province : parent.Level + 1, parent?.Id, parent?.Slug,
        hosts[0], hosts, "5300000001", "o", null, null, "base", SiteStatus.Active, 0);
}
