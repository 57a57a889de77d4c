namespace SiteCluster.Core.SiteMigration;

/// <summary>A column of the site an old column may be mapped to.</summary>
public sealed record TargetColumn(Guid Id, string Path, string Name, string? CatalogueCode, IReadOnlyList<string> ContentTypes);

/// <summary>
/// Proposes a column of the site for an old column by the likeness of their names: the same
/// name, one name inside the other, or shared characters and character pairs. Names old sites
/// commonly give the standard catalogue's columns (公示公告 for 通知公告, 财政预决算 for 预算决算)
/// count as the catalogue column's own. Below <see cref="Threshold"/> nothing is proposed and
/// the column goes to the holding column unless the operator chooses one.
/// </summary>
public static class ColumnMatcher
{
    public const double Threshold = 0.5;

    // Other names of the standard catalogue's columns (recipes/catalogue/standard.json) on old sites.
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["01"] = ["机构设置", "机构概况", "机构信息", "部门职能", "单位概况"],
        ["0101"] = ["领导简介", "领导之窗", "领导介绍", "领导分工", "现任领导"],
        ["02"] = ["政府文件", "文件", "政策法规", "法规文件", "文件资料", "政策"],
        ["0201"] = ["本级政策"],
        ["0202"] = ["上级政策"],
        ["03"] = ["文件解读", "图解政策", "解读", "政策解读回应"],
        ["04"] = ["公示公告", "公告公示", "通知", "公告", "通告", "公示", "通知通告"],
        ["05"] = ["政务动态", "部门动态", "工作信息", "新闻动态", "要闻动态", "本地要闻", "动态信息", "工作简报", "政务要闻", "新闻中心"],
        ["06"] = ["发展规划", "计划总结", "规划信息", "计划规划"],
        ["07"] = ["人事任免", "人事招考", "招录招聘", "招考录用"],
        ["08"] = ["财政资金", "财政"],
        ["0801"] = ["财政预决算", "部门预决算", "预决算", "部门预算", "部门决算", "预算", "决算", "三公经费"],
        ["0901"] = ["服务指南", "办事流程", "办事须知"],
        ["1101"] = ["公开指南", "信息公开指南"],
        ["1102"] = ["公开制度", "信息公开制度"],
        ["1103"] = ["信息公开年报", "公开年报", "年度报告", "政府信息公开工作年度报告"],
        ["12"] = ["建议提案", "人大建议", "政协提案", "建议提案办理结果"],
    };

    /// <summary>The best column for <paramref name="oldName"/>, with its score; null under the threshold.</summary>
    public static (TargetColumn? Column, double Score) Propose(string oldName, IReadOnlyList<TargetColumn> targets)
    {
        TargetColumn? best = null;
        var bestScore = 0.0;
        foreach (var target in targets)
        {
            var score = Similarity(oldName, target.Name);
            if (target.CatalogueCode is { } code && Synonyms.TryGetValue(code, out var names))
            {
                score = Math.Max(score, names.Max(n => Similarity(oldName, n)));
            }

            // Equal scores: the shallower column (政策文件 rather than a sub-column of it).
            if (score > bestScore || (score == bestScore && best is not null && Depth(target) < Depth(best)))
            {
                best = target;
                bestScore = score;
            }
        }

        return bestScore >= Threshold ? (best, Math.Round(bestScore, 2)) : (null, Math.Round(bestScore, 2));
    }

    /// <summary>How alike two column names are, from 0 to 1.</summary>
    public static double Similarity(string a, string b)
    {
        var x = Clean(a);
        var y = Clean(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        if (x == y)
        {
            return 1;
        }

        var (shorter, longer) = x.Length <= y.Length ? (x, y) : (y, x);
        if (longer.Contains(shorter, StringComparison.Ordinal))
        {
            return 0.6 + (0.35 * shorter.Length / longer.Length);
        }

        return (0.5 * Dice(Pairs(x), Pairs(y))) + (0.5 * Dice([.. x.Select(c => c.ToString())], [.. y.Select(c => c.ToString())]));
    }

    private static int Depth(TargetColumn column) => column.Path.Count(c => c == '/');

    private static string Clean(string name) => new([.. name.Where(char.IsLetterOrDigit)]);

    private static HashSet<string> Pairs(string text) => [.. Enumerable.Range(0, Math.Max(0, text.Length - 1)).Select(i => text.Substring(i, 2))];

    private static double Dice(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 0 : 2.0 * a.Intersect(b).Count() / (a.Count + b.Count);
}
