using System.Diagnostics;
using System.Globalization;
using SiteCluster.Core;
using SiteCluster.Core.Search;
using SiteCluster.Core.Search.Lucene;

namespace SiteCluster.Bench;

/// <summary>
/// The cluster's Lucene index at province size: how long building it from generated government
/// documents takes, its size, and query latency for one site and for the whole cluster.
/// </summary>
public static class SearchBench
{
    private const int Seed = 9;
    private const int BatchSize = 5_000;
    private const int CommitEvery = 100_000;
    private const int WarmUp = 50;

    private static readonly string[] Topics =
    [
        "城乡低保", "养老服务", "婚姻登记", "医疗保险", "临时救助", "特困人员救助供养", "残疾人两项补贴", "养老保险",
        "医疗救助", "住房保障", "就业创业", "农村危房改造", "乡村振兴", "义务教育", "殡葬改革", "儿童福利",
        "退役军人优抚", "防汛抗旱", "安全生产", "食品安全", "疫情防控", "优化营商环境", "生态环境保护", "交通运输",
        "爱国卫生运动", "高标准农田建设", "森林防火", "水利工程", "税收优惠", "政务公开",
    ];

    private static readonly string[] Titles =
    [
        "关于做好{Y}年{T}工作的通知", "关于印发《{P}{T}实施办法》的通知", "{P}关于进一步加强{T}工作的实施意见",
        "《关于进一步加强{T}工作的实施意见》政策解读", "{P}召开{T}工作推进会", "关于调整{P}{T}标准的通知",
        "{P}{Y}年{T}工作要点", "关于开展{T}专项检查的通知", "{P}{T}工作情况报告", "一图读懂{P}{T}政策",
    ];

    // Per title template: its content type and column (index into Columns); the notices and policies carry a document number.
    private static readonly (string Type, int Column, bool Numbered)[] Kinds =
    [
        ("Notice", 0, true), ("Notice", 1, true), ("Policy", 1, true), ("Interpretation", 2, false), ("News", 3, false),
        ("Notice", 0, true), ("Plan", 4, false), ("Notice", 0, true), ("Report", 4, false), ("Interpretation", 2, false),
    ];

    private static readonly (string Path, string Name)[] Columns =
        [("tzgg", "通知公告"), ("zcwj/bjwj", "本级文件"), ("zcjd", "政策解读"), ("gzdt", "工作动态"), ("ghjh", "规划计划")];

    private static readonly (string Department, string Prefix)[] Departments =
    [
        ("人民政府办公室", "临政办发"), ("民政局", "临民发"), ("人力资源和社会保障局", "临人社发"), ("卫生健康局", "临卫健发"),
        ("医疗保障局", "临医保发"), ("教育体育局", "临教发"), ("财政局", "临财社"), ("农业农村局", "临农发"), ("应急管理局", "临应急发"),
    ];

    private static readonly string[] Openings =
    [
        "为深入贯彻落实党中央、国务院关于{T}的决策部署", "为进一步做好{T}工作", "根据《社会救助暂行办法》和上级有关要求",
        "经{P}人民政府同意", "按照省、市关于{T}工作的统一安排", "为切实解决群众急难愁盼问题", "现将{T}有关事项通知如下",
    ];

    // Sentences about the document's own topic ({T}); now and then one about another topic ({T2}).
    private static readonly string[] TopicSentences =
    [
        "{T}对象实行动态管理", "{T}资金按时足额发放", "{T}标准每人每月提高{N}元", "做好{T}政策宣传解读", "{T}申请实行“一网通办”",
        "将{T}纳入年度绩效考核", "着力解决{T}领域突出问题", "扎实推进{T}各项任务", "{T}工作取得明显成效", "提高{T}服务水平",
        "严格{T}审核审批程序", "畅通{T}投诉举报渠道", "建立健全{T}长效机制", "{T}信息录入全国系统",
    ];

    // Administrative boilerplate, assembled from parts: common words stay common without every sentence being in every document.
    private static readonly string[] Subjects =
    [
        "各乡（镇）人民政府", "县直各有关部门", "各相关单位", "各级民政部门", "财政部门", "审计部门", "各村（社区）", "经办机构", "主管部门", "各工作组",
    ];

    private static readonly string[] Modals = ["要", "应当", "须", "要进一步"];

    private static readonly string[] Actions = ["加强", "落实", "健全", "完善", "推进", "规范", "强化", "做好", "抓好", "优化"];

    private static readonly string[] Objects =
    [
        "组织领导", "资金监管", "信息共享", "档案管理", "督促检查", "考核评估", "队伍建设", "风险防控", "宣传引导", "数据统计",
        "工作衔接", "服务保障", "隐患排查", "问题整改", "制度建设", "应急处置", "窗口服务", "线上办理", "公开公示", "投诉处理",
    ];

    private static readonly string[] Closings =
    [
        "请各单位结合实际认真贯彻执行。", "特此通知。", "本办法自印发之日起施行。", "联系电话：0883-{N}。", "如有疑问请咨询当地民政部门。",
    ];

    private static readonly string[] Words =
    [
        "低保", "养老", "婚姻", "救助", "医疗", "保险", "就业", "教育", "住房", "补贴", "残疾", "儿童", "殡葬", "防汛",
        "安全", "乡村", "营商", "食品", "疫情", "优抚", "农田", "森林", "水利", "税收", "公开", "标准", "资金", "通知",
    ];

    private static readonly string[] Phrases =
    [
        "低保 标准", "养老 服务 补贴", "医疗保险 资金", "临时救助 通知", "婚姻登记 一网通办", "乡村振兴 实施意见",
        "安全生产 专项检查", "特困人员 救助供养", "残疾人 补贴 标准", "政策解读 养老", "临民发〔2018〕12号", "森林防火 工作要点",
    ];

    public static async Task RunAsync(int documentCount, int siteCount, int queryCount)
    {
        var random = new Random(Seed);
        var sites = Enumerable.Range(0, siteCount).Select(i => new Site(
            i,
            NewGuid(random),
            i == 0 ? "省" : i % 180 == 1 ? $"第{i}市" : $"第{i}县",
            [.. Columns.Select(_ => NewGuid(random))])).ToArray();
        var folder = Path.Combine(Path.GetTempPath(), $"sitecluster-search-bench-{Guid.NewGuid():N}");
        try
        {
            var (buildTime, textCharacters) = await BuildAsync(folder, sites, documentCount, random);
            var size = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

            using var index = new LuceneSearchIndex(folder);
            var oneSite = await QueryAsync(index, "one site, relevance, page 1 of 10", Queries(random, sites, queryCount + WarmUp, oneSite: true));
            var cluster = await QueryAsync(index, "whole cluster, relevance, page 1 of 10", Queries(random, sites, queryCount + WarmUp, oneSite: false));

            Console.WriteLine($"search: {documentCount} documents across {siteCount} sites, Lucene.Net (CJK bigrams) in a temp folder, in-process, {Environment.ProcessorCount} cores");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean text length {textCharacters / (double)documentCount:0} characters; queries: {queryCount} of each kind after {WarmUp} to warm up, 3 in 4 one two-character word, 1 in 4 several words or a document number"));
            Console.WriteLine();
            Console.WriteLine("| figure | value |");
            Console.WriteLine("|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| documents | {documentCount:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| index build (batches of {BatchSize:N0}, commit every {CommitEvery:N0}, then close) | {buildTime.TotalSeconds:0} s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| documents per second | {documentCount / buildTime.TotalSeconds:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| index size on disk | {size / 1024.0 / 1024.0:N0} MiB |"));
            Console.WriteLine();
            Console.WriteLine("| queries | n | mean ms | p50 ms | p95 ms | p99 ms | max ms | mean total hits |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            Console.WriteLine(oneSite.Row);
            Console.WriteLine(cluster.Row);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"whole-cluster queries over 50 ms: {cluster.Samples.Count(q => q.Ms > 50)} of {cluster.Samples.Count}; the slowest words:"));
            Console.WriteLine();
            Console.WriteLine("| query | runs | mean ms | max ms | total hits |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var group in cluster.Samples.GroupBy(q => q.Text).OrderByDescending(g => g.Average(q => q.Ms)).Take(8))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {group.Key} | {group.Count()} | {group.Average(q => q.Ms):0.0} | {group.Max(q => q.Ms):0.0} | {group.First().Total:N0} |"));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Writes every document through <see cref="ISearchIndex.UpsertAsync"/>, as the indexer does; timed without generating them.</summary>
    private static async Task<(TimeSpan Elapsed, long TextCharacters)> BuildAsync(string folder, Site[] sites, int documentCount, Random random)
    {
        var elapsed = TimeSpan.Zero;
        long characters = 0;
        var index = new LuceneSearchIndex(folder);
        try
        {
            for (var written = 0; written < documentCount;)
            {
                var batch = new List<SearchDocument>(BatchSize);
                for (var i = 0; i < BatchSize && written < documentCount; i++, written++)
                {
                    var document = Generate(random, sites, written);
                    characters += document.Text.Length;
                    batch.Add(document);
                }

                var started = Stopwatch.GetTimestamp();
                await index.UpsertAsync(batch, CancellationToken.None);
                if (written % CommitEvery == 0 || written == documentCount)
                {
                    await index.RefreshAsync(CancellationToken.None);
                }

                elapsed += Stopwatch.GetElapsedTime(started);
            }
        }
        finally
        {
            // Closing waits for the merges still running, which belong to building the index.
            var closing = Stopwatch.GetTimestamp();
            index.Dispose();
            elapsed += Stopwatch.GetElapsedTime(closing);
        }

        return (elapsed, characters);
    }

    private static async Task<(string Row, List<(string Text, double Ms, int Total)> Samples)> QueryAsync(LuceneSearchIndex index, string name, List<SearchQuery> queries)
    {
        var samples = new List<(string Text, double Ms, int Total)>();
        for (var i = 0; i < queries.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var results = await index.SearchAsync(queries[i], CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= WarmUp)
            {
                samples.Add((queries[i].Text, ms, results.Total));
            }
        }

        var sorted = samples.Select(q => q.Ms).Order().ToArray();
        var hits = samples.Average(q => (double)q.Total);
        return (string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {sorted.Length} | {sorted.Average():0.0} | {Measure.Percentile(sorted, 0.50):0.0} | {Measure.Percentile(sorted, 0.95):0.0} | {Measure.Percentile(sorted, 0.99):0.0} | {sorted[^1]:0.0} | {hits:N0} |"), samples);
    }

    private static List<SearchQuery> Queries(Random random, Site[] sites, int count, bool oneSite) =>
        [.. Enumerable.Range(0, count).Select(_ => new SearchQuery
        {
            Text = random.Next(4) == 0 ? Phrases[random.Next(Phrases.Length)] : Words[random.Next(Words.Length)],
            Sites = oneSite ? [sites[random.Next(sites.Length)].Id] : [],
            Sort = SearchSort.Relevance,
            Page = 1,
            PageSize = 10,
        })];

    private static SearchDocument Generate(Random random, Site[] sites, int number)
    {
        var site = sites[random.Next(sites.Length)];
        var topic = Topics[random.Next(Topics.Length)];
        var other = Topics[random.Next(Topics.Length)];
        var published = new DateTimeOffset(2016, 1, 1, 0, 0, 0, BeijingTime.Offset).AddMinutes(random.Next(11 * 365 * 24 * 60));
        var year = BeijingTime.YearOf(published).ToString(CultureInfo.InvariantCulture);
        var template = random.Next(Titles.Length);
        var (type, column, numbered) = Kinds[template];
        var (department, prefix) = Departments[random.Next(Departments.Length)];

        string Fill(string text)
        {
            text = text.Replace("{T2}", other, StringComparison.Ordinal).Replace("{T}", topic, StringComparison.Ordinal)
                .Replace("{Y}", year, StringComparison.Ordinal).Replace("{P}", site.Name, StringComparison.Ordinal);
            return text.Contains("{N}", StringComparison.Ordinal)
                ? text.Replace("{N}", random.Next(1000, 10000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                : text;
        }

        var text = new System.Text.StringBuilder(Fill(Openings[random.Next(Openings.Length)]));
        for (int i = 0, sentences = random.Next(25, 60); i < sentences; i++)
        {
            var kind = random.Next(20);
            var sentence = kind < 7 ? Fill(TopicSentences[random.Next(TopicSentences.Length)])
                : kind == 7 ? Fill(TopicSentences[random.Next(TopicSentences.Length)].Replace("{T}", "{T2}", StringComparison.Ordinal))
                : Subjects[random.Next(Subjects.Length)] + Modals[random.Next(Modals.Length)] + Actions[random.Next(Actions.Length)] + Objects[random.Next(Objects.Length)];
            text.Append(i % 3 == 2 ? '。' : '，').Append(sentence);
        }

        text.Append('。').Append(Fill(Closings[random.Next(Closings.Length)]));
        return new SearchDocument
        {
            SiteId = site.Id,
            ItemId = NewGuid(random),
            SourceSiteId = site.Id,
            ColumnId = site.Columns[column],
            ColumnPath = Columns[column].Path,
            ColumnName = Columns[column].Name,
            ContentType = type,
            Title = Fill(Titles[template]),
            Text = text.ToString(),
            DocumentNumber = numbered && random.Next(5) > 0 ? $"{prefix}〔{year}〕{random.Next(1, 120).ToString(CultureInfo.InvariantCulture)}号" : null,
            IndexNumber = string.Create(CultureInfo.InvariantCulture, $"{site.Number:000000}-{year}-{number % 100000:00000}"),
            Publisher = site.Name + department,
            PublishedAt = published,
            Disclosure = "Active",
        };
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private sealed record Site(int Number, Guid Id, string Name, Guid[] Columns);
}
