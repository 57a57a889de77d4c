using System.Text.Json.Nodes;

namespace SiteCluster.Bench;

/// <summary>A province-sized cluster for benchmarks: 1 province, cities of about 180 counties each, as a <c>sites</c> recipe entry.</summary>
public static class BenchClusters
{
    public sealed record Province(JsonObject Site, IReadOnlyList<string> Slugs, int Cities, int Counties);

    public static Province Generate(int siteCount)
    {
        var cities = Math.Max(1, siteCount / 180);
        var counties = siteCount - 1 - cities;
        var slugs = new List<string> { "bench" };
        var province = new JsonObject { ["slug"] = "bench", ["name"] = "基准省人民政府", ["level"] = "Province", ["siteCode"] = "5300000001", ["organiser"] = "基准省人民政府办公厅", ["hosts"] = new JsonArray("www.bench.gov.cn") };
        var cityNodes = new JsonArray();
        var code = 5300000002L;
        for (var c = 0; c < cities; c++)
        {
            var countyNodes = new JsonArray();
            for (var k = c; k < counties; k += cities)
            {
                countyNodes.Add(new JsonObject { ["slug"] = $"c{c}k{k}", ["name"] = $"第{k}县人民政府", ["level"] = "County", ["siteCode"] = $"{code++}", ["organiser"] = $"第{k}县人民政府办公室", ["hosts"] = new JsonArray($"www.c{c}k{k}.gov.cn") });
                slugs.Add($"c{c}k{k}");
            }

            cityNodes.Add(new JsonObject { ["slug"] = $"c{c}", ["name"] = $"第{c}市人民政府", ["level"] = "City", ["siteCode"] = $"{code++}", ["organiser"] = $"第{c}市人民政府办公室", ["hosts"] = new JsonArray($"www.c{c}.gov.cn"), ["children"] = countyNodes });
            slugs.Add($"c{c}");
        }

        province["children"] = cityNodes;
        return new Province(province, slugs, cities, counties);
    }

    /// <summary>The slug of a county in the middle of the generated tree.</summary>
    public static string MiddleCounty(Province province) =>
        $"c{province.Counties / 2 % province.Cities}k{province.Counties / 2}";
}
