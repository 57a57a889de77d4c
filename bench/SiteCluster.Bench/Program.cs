namespace SiteCluster.Bench;

/// <summary>
/// Benchmarks of SiteCluster, run on one machine; figures go in docs/benchmarks.md.
/// <c>dotnet run -c Release --project bench/SiteCluster.Bench -- admin-sites [--sites 3000] [--requests 200]</c>;
/// <c>… -- public-pages [--items 100000] [--connections 32] [--seconds 10] [--warmup 10] [--rounds 5]</c>;
/// <c>… -- reposts [--sites 3000] [--pushes 5]</c>;
/// <c>… -- search [--documents 1000000] [--sites 3000] [--queries 500]</c>;
/// <c>… -- monitoring [--sites 3000] [--columns 60] [--items 5000000] [--keep FOLDER]</c>;
/// <c>… -- migrate [--pages 10000]</c>;
/// <c>… -- cluster-restart [--connections 16] [--seconds 30]</c>.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }

        string? Text(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        switch (args.FirstOrDefault() ?? "admin-sites")
        {
            case "admin-sites":
                await AdminSitesBench.RunAsync(Option("--sites", 3000), Option("--requests", 200));
                return 0;
            case "reposts":
                await RepostBench.RunAsync(Option("--sites", 3000), Option("--pushes", 5));
                return 0;
            case "monitoring":
                await MonitoringBench.RunAsync(Option("--sites", 3000), Option("--columns", 60), Option("--items", 5_000_000), Text("--keep"));
                return 0;
            case "public-pages":
                await PublicPagesBench.RunAsync(Option("--items", 100_000), Option("--connections", 32), Option("--seconds", 10), Option("--warmup", 10), Option("--rounds", 5));
                return 0;
            case "search":
                await SearchBench.RunAsync(Option("--documents", 1_000_000), Option("--sites", 3000), Option("--queries", 500));
                return 0;
            case "cluster-restart":
                await ClusterRestartBench.RunAsync(Option("--connections", 16), Option("--seconds", 30));
                return 0;
            case "migrate":
                await MigrateBench.RunAsync(Option("--pages", 10_000));
                return 0;
            default:
                await Console.Error.WriteLineAsync("Known benchmarks: admin-sites, cluster-restart, migrate, monitoring, public-pages, reposts, search.");
                return 2;
        }
    }
}
