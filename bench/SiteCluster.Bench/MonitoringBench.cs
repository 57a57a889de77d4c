using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SiteCluster.Core;
using SiteCluster.Core.Monitoring;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Bench;

/// <summary>
/// One full monitoring run over a province-sized cluster: 3,000 sites of about 60 columns each
/// and 5,000,000 items with realistic publish dates (some sites stale, some columns blank),
/// seeded by raw batched INSERTs, then <see cref="MonitoringService.RunAsync(CancellationToken)"/>
/// timed twice: the first run (every finding new) and the next (every finding seen again).
/// </summary>
public static class MonitoringBench
{
    private const int FirstYear = 2018;

    private static readonly Func<DateTimeOffset, long> Moment =
        (Func<DateTimeOffset, long>)new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private static readonly string[] Sentences =
    [
        "为深入贯彻落实党中央、国务院决策部署，进一步做好政务公开工作，结合本地实际，制定本方案。",
        "各乡（镇）人民政府、县直各部门要高度重视，明确分管领导和具体责任人，确保各项工作落到实处。",
        "会议听取了上半年工作情况汇报，研究部署下一阶段重点任务，要求各单位对标对表、压实责任。",
        "近日，县人民政府召开专题会议，研究推进城乡基础设施建设和民生保障重点项目。",
        "各地要加强统筹协调，建立健全工作机制，及时研究解决工作推进中遇到的困难和问题。",
        "本通知自印发之日起施行，执行中遇到的问题请及时向县人民政府办公室反馈。",
        "活动现场发放宣传资料两千余份，解答群众咨询三百余人次，取得了良好的社会效果。",
        "要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，不断增强人民群众获得感。",
        "检查组采取听取汇报、查阅资料、实地察看等方式，对各项工作落实情况进行了全面检查。",
        "下一步，我们将继续加大工作力度，完善制度措施，推动各项任务取得新的更大成效。",
        "根据《中华人民共和国政府信息公开条例》规定，现将有关事项公告如下。",
        "请各单位于规定时间前将工作总结和有关材料报送县人民政府办公室，逾期视为未报送。",
        "2026年11月18日上午，全县2026年第四季度重点项目集中开工仪式在工业园区举行，共有12个项目开工，总投资38.6亿元。",
        "截至10月底，全县累计发放城乡低保金4526.3万元，惠及困难群众11280人，发放率100%。",
        "咨询电话：0883-2123456（工作日9:00—12:00，14:30—17:30），传真：0883-2123457。",
    ];

    private static readonly string[] Topics = ["政务公开", "乡村振兴", "安全生产", "营商环境", "城乡低保", "森林防火", "义务教育", "医疗保障", "就业创业", "生态环境"];

    private sealed record SiteRow(string Id, string Slug, SiteLevel Level, string Organiser);

    private sealed record ColumnRow(string Id, string TenantId, string? ParentId, string? CatalogueCode, string Name);

    /// <summary>What a leaf column holds: its content type, its share of the site's items, and how often it is updated.</summary>
    private sealed record Plan(ColumnRow Column, string Type, double Weight, Pace Pace);

    private enum Pace
    {
        News,
        Notice,
        Slow,
        Pages,
        Reports,
    }

    public static async Task RunAsync(int siteCount, int columnsPerSite, int itemCount, string? keepFolder)
    {
        var folder = keepFolder is null ? Directory.CreateTempSubdirectory("sitecluster-bench-").FullName : Path.GetFullPath(keepFolder);
        var databaseFile = Path.Combine(folder, "sitecluster.db");
        var reuse = File.Exists(databaseFile);
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SiteCluster:DataDirectory"] = folder,
            ["SiteCluster:Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["SiteCluster:Database:ConnectionString"] = $"Data Source={databaseFile}",
            ["SiteCluster:Demo:ApplyOnEmptyDatabase"] = "false",
        });
        builder.Services.AddLogging();
        builder.Services.AddSiteClusterCore(builder.Configuration, folder);
        using var host = builder.Build();
        await host.Services.InitializeSiteClusterAsync();
        var services = host.Services;

        try
        {
            TimeSpan sitesTime = default, itemsTime = default;
            var seeded = (Columns: 0L, Items: 0L, Relations: 0L);
            if (!reuse)
            {
                var started = Stopwatch.GetTimestamp();
                var tree = BenchClusters.Generate(siteCount);
                await TestSites.ApplyAsync(services, new JsonObject
                {
                    ["steps"] = new JsonArray(
                        new JsonObject { ["name"] = "sites", ["sites"] = new JsonArray(tree.Site) },
                        new JsonObject { ["name"] = "content-types", ["file"] = "content-types/standard.json" },
                        new JsonObject { ["name"] = "catalogue", ["file"] = "catalogue/standard.json" },
                        new JsonObject { ["name"] = "columns", ["sites"] = new JsonArray([.. tree.Slugs.Select(slug => (JsonNode)slug)]) },
                        new JsonObject { ["name"] = "monitoring", ["file"] = "monitoring/national-2019.json" }),
                }.ToJsonString());
                sitesTime = Stopwatch.GetElapsedTime(started);

                started = Stopwatch.GetTimestamp();
                seeded = await SeedAsync(databaseFile, columnsPerSite, itemCount);
                itemsTime = Stopwatch.GetElapsedTime(started);
            }

            await services.GetRequiredService<ISiteRegistry>().ReloadAsync();
            var first = await TimedRunAsync(services);
            var second = await TimedRunAsync(services);

            var counts = await CountAsync(databaseFile);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"monitoring: {counts.Sites} sites, {counts.Columns} columns ({(double)counts.Columns / counts.Sites:0.0} a site), {counts.Items} items, SQLite ({new FileInfo(databaseFile).Length / 1024.0 / 1024 / 1024:0.0} GiB), in-process, {Environment.ProcessorCount} cores"));
            if (!reuse)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seeding: sites, catalogue columns and rule set by one recipe {sitesTime.TotalSeconds:0.0} s; {seeded.Columns} local columns, {seeded.Items} items and {seeded.Relations} interpretation links by raw INSERTs {itemsTime.TotalSeconds:0.0} s"));
            }
            else
            {
                Console.WriteLine($"seeding: reused {databaseFile}");
            }

            Console.WriteLine("| run | seconds | CPU seconds | sites scored | failed | findings | created | resolved | peak working set MiB |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine(first.Row("first"));
            Console.WriteLine(second.Row("second"));
            Console.WriteLine("findings by rule (second run): " + string.Join(", ", second.ByRule.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
        }
        finally
        {
            if (keepFolder is null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed record RunFigures(TimeSpan Time, TimeSpan Cpu, int Sites, int Failed, int Findings, int Created, int Resolved, long PeakBytes, IReadOnlyDictionary<string, int> ByRule)
    {
        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Time.TotalSeconds:0.0} | {Cpu.TotalSeconds:0.0} | {Sites} | {Failed} | {Findings} | {Created} | {Resolved} | {PeakBytes / 1024.0 / 1024:0} |");
    }

    private static async Task<RunFigures> TimedRunAsync(IServiceProvider services)
    {
        GC.Collect();
        ResetPeakWorkingSet();
        await using var scope = services.CreateAsyncScope();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var result = await scope.ServiceProvider.GetRequiredService<MonitoringService>().RunAsync();
        var time = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        var findings = result.Sites.SelectMany(s => s.Problems).ToList();
        var (created, resolved) = await CountChangesAsync(services, result.RunId);
        return new RunFigures(time, cpu, result.Sites.Count, result.Sites.Count(s => !s.Passed), findings.Count, created, resolved, process.PeakWorkingSet64,
            findings.GroupBy(p => p.RuleCode).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>On Linux, resets the process's peak resident set (VmHWM) so the next reading is the run's own.</summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Elsewhere the peak is the process's since it started, seeding included.
        }
    }

    /// <summary>How many findings the run created and how many it resolved.</summary>
    private static async Task<(int Created, int Resolved)> CountChangesAsync(IServiceProvider services, Guid run)
    {
        await using var scope = services.CreateAsyncScope();
        using var cluster = scope.ServiceProvider.GetRequiredService<IClusterScope>().Open("benchmark count");
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.SiteClusterDbContext>();
        var started = await db.MonitoringRuns.Where(r => r.Id == run).Select(r => r.StartedAt).SingleAsync();
        return (await db.MonitoringFindings.CountAsync(f => f.FirstRunId == run), await db.MonitoringFindings.CountAsync(f => f.ResolvedAt == started));
    }

    private static async Task<(long Sites, long Columns, long Items)> CountAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync())!;
        }

        return (await Scalar("SELECT COUNT(*) FROM \"Sites\""), await Scalar("SELECT COUNT(*) FROM \"Columns\""), await Scalar("SELECT COUNT(*) FROM \"ContentItems\""));
    }

    /// <summary>
    /// Local columns up to <paramref name="columnsPerSite"/> a site, then the items, straight into the
    /// tables in batches of one transaction each, site by site and column by column (so every index
    /// grows at its end), with the interpretation links publishing would have written.
    /// </summary>
    private static async Task<(long Columns, long Items, long Relations)> SeedAsync(string databaseFile, int columnsPerSite, int itemCount)
    {
        var random = new Random(20261202);
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");

        var sites = new List<SiteRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"Id\", \"Slug\", \"Level\", \"Organiser\" FROM \"Sites\" ORDER BY \"Slug\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sites.Add(new SiteRow(reader.GetString(0), reader.GetString(1), Enum.Parse<SiteLevel>(reader.GetString(2)), reader.GetString(3)));
            }
        }

        // Ids are written as Entity Framework writes them (text, in the case it uses).
        var upper = !sites[0].Id.Any(char.IsAsciiLetterLower);
        string NewId() => upper ? Guid.CreateVersion7().ToString().ToUpperInvariant() : Guid.CreateVersion7().ToString();

        var columns = new List<ColumnRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"Id\", \"TenantId\", \"ParentId\", \"CatalogueCode\", \"Name\" FROM \"Columns\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(new ColumnRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
            }
        }

        var now = DateTimeOffset.UtcNow;
        var nowValue = Moment(now);
        var bySite = columns.GroupBy(c => c.TenantId).ToDictionary(g => g.Key, g => g.ToList());

        // Local columns (乡镇动态, 专题) under 工作动态 and 重点领域信息 until each site has its share.
        long localColumns = 0;
        await using (var transaction = connection.BeginTransaction())
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "Columns" ("Id", "TenantId", "ParentId", "CatalogueCode", "Name", "Slug", "SortOrder", "IsHidden", "CatalogueRemoved", "CreatedAt", "UpdatedAt")
                VALUES ($id, $tenant, $parent, NULL, $name, $slug, $sort, 0, 0, $now, $now)
                """;
            var p = Parameters(insert, "$id", "$tenant", "$parent", "$name", "$slug", "$sort", "$now");
            foreach (var site in sites)
            {
                var own = bySite[site.Id];
                var parents = own.Where(c => c.CatalogueCode is "05" or "10").ToList();
                for (var n = own.Count; n < columnsPerSite && parents.Count > 0; n++)
                {
                    var parent = parents[n % parents.Count];
                    var column = new ColumnRow(NewId(), site.Id, parent.Id, null, parent.CatalogueCode == "05" ? $"乡镇动态{n}" : $"专题{n}");
                    Set(p, column.Id, site.Id, parent.Id, column.Name, $"l{n}", 100 + n, nowValue);
                    await insert.ExecuteNonQueryAsync();
                    own.Add(column);
                    localColumns++;
                }
            }

            await transaction.CommitAsync();
        }

        // Each site's share: the portal and cities publish more than counties; counties vary.
        var siteWeights = sites.Select(s => s.Level switch
        {
            SiteLevel.Province => 25.0,
            SiteLevel.City => 6.0,
            _ => 0.3 + (random.NextDouble() * 1.4),
        }).ToArray();
        var totalWeight = siteWeights.Sum();

        var writer = new ItemWriter(connection);
        for (var s = 0; s < sites.Count; s++)
        {
            var site = sites[s];
            var siteItems = (int)Math.Round(itemCount * siteWeights[s] / totalWeight);
            var profile = random.NextDouble();

            // Most sites publish every day; one in ten lags by weeks; one in twenty has stopped.
            var siteLatest = profile switch
            {
                < 0.85 => now.AddHours(-random.Next(0, 72)),
                < 0.95 => now.AddDays(-random.Next(20, 90)),
                _ => now.AddDays(-random.Next(200, 500)),
            };
            var own = bySite[site.Id];
            var leaves = own.Where(c => own.All(o => o.ParentId != c.Id)).Select(c => PlanFor(c)).ToList();

            // About 3% of leaf columns were never filled; one site in fifty has six of them (a veto).
            var blank = new HashSet<string>(leaves.Where(_ => random.NextDouble() < 0.03).Select(l => l.Column.Id));
            if (random.NextDouble() < 0.02)
            {
                blank.UnionWith(leaves.Where(l => l.Pace == Pace.News).OrderBy(_ => random.Next()).Take(6).Select(l => l.Column.Id));
            }

            var weights = leaves.Sum(l => blank.Contains(l.Column.Id) ? 0 : l.Weight);
            if (weights <= 0)
            {
                continue;
            }

            // Interpretations come on top of the policies they explain, so the policies' columns give way for them.
            var policyShare = leaves.Where(l => l.Type == "PolicyDocument" && !blank.Contains(l.Column.Id)).Sum(l => l.Weight) / weights;
            siteItems = (int)Math.Round(siteItems / (1 + (0.7 * policyShare)));
            var interpretations = leaves.FirstOrDefault(l => l.Column.CatalogueCode == "03");
            var policies = new List<(string Id, DateTimeOffset At, string Title)>();
            var serial = 0;
            foreach (var leaf in leaves.Where(l => !blank.Contains(l.Column.Id) && l.Column.CatalogueCode != "03"))
            {
                var count = leaf.Pace switch
                {
                    Pace.Reports => 0,
                    Pace.Pages => 1 + random.Next(2),
                    _ => Math.Max(1, (int)Math.Round(siteItems * leaf.Weight / weights)),
                };
                var latest = leaf.Pace switch
                {
                    Pace.News when random.NextDouble() < 0.12 => siteLatest.AddDays(-random.Next(30, 400)),
                    Pace.News => siteLatest.AddHours(-random.Next(0, 120)),
                    Pace.Notice when random.NextDouble() < 0.10 => siteLatest.AddDays(-random.Next(190, 600)),
                    Pace.Notice => siteLatest.AddDays(-random.Next(0, 60)),
                    _ => siteLatest.AddDays(-random.Next(0, 300)),
                };
                var earliest = new DateTimeOffset(FirstYear, 1, 1, 0, 0, 0, TimeSpan.Zero);
                if (leaf.Pace == Pace.Reports)
                {
                    // One disclosure annual report a year, published in the spring after; one site in twelve still lacks last year's.
                    for (var year = FirstYear; year < now.Year; year++)
                    {
                        var at = new DateTimeOffset(year + 1, 3, 1 + random.Next(25), 2, 0, 0, TimeSpan.Zero);
                        if (at > now || (year == now.Year - 1 && random.NextDouble() < 0.08))
                        {
                            continue;
                        }

                        await writer.AddAsync(random, NewId(), site, leaf.Column, "Report", $"{site.Organiser}{year}年政府信息公开工作年度报告", at, ++serial,
                            $$"""{"year":{{year}},"kind":"政府信息公开工作年度报告"}""", documentNumber: null);
                    }

                    continue;
                }

                for (var i = 0; i < count; i++)
                {
                    var at = i == count - 1 ? latest : earliest + ((latest - earliest) * ((i + random.NextDouble()) / count));
                    var id = NewId();
                    var topic = Topics[random.Next(Topics.Length)];
                    var title = leaf.Type switch
                    {
                        "PolicyDocument" => $"{site.Organiser}关于进一步做好{topic}工作的实施意见（{at.Year}年第{i + 1}号）",
                        "Notice" => $"关于开展{at.Year}年{topic}专项工作的通知（第{i + 1}期）",
                        "ServiceGuide" => $"{topic}事项办事指南（{i + 1}）",
                        "Report" => $"{site.Organiser}{at.Year}年度{(i % 2 == 0 ? "预算" : "决算")}公开",
                        _ => $"{leaf.Column.Name}：{topic}工作推进会召开（{at:yyyy-MM-dd}）",
                    };
                    var fields = leaf.Type switch
                    {
                        "Report" => $$"""{"year":{{at.Year}},"kind":"{{(i % 2 == 0 ? "预算" : "决算")}}"}""",
                        "PolicyDocument" => """{"normative":false}""",
                        _ => "{}",
                    };
                    var number = leaf.Type == "PolicyDocument" && random.NextDouble() >= 0.03 ? $"县政发〔{at.Year}〕{i + 1}号" : null;
                    await writer.AddAsync(random, id, site, leaf.Column, leaf.Type, title, at, ++serial, fields, number);
                    if (leaf.Type == "PolicyDocument")
                    {
                        policies.Add((id, at, title));
                    }
                }
            }

            // Seven policies in ten have their interpretation, published a day or two after them.
            if (interpretations is not null && !blank.Contains(interpretations.Column.Id))
            {
                foreach (var policy in policies.Where(_ => random.NextDouble() < 0.7))
                {
                    var id = NewId();
                    var at = policy.At.AddHours(random.Next(2, 48));
                    await writer.AddAsync(random, id, site, interpretations.Column, "Interpretation", $"《{policy.Title}》政策解读", at, ++serial,
                        $$"""{"policy":"{{policy.Id.ToLowerInvariant()}}","form":"文字解读"}""", documentNumber: null, interpreted: policy.Id);
                }
            }
        }

        await writer.FlushAsync();
        return (localColumns, writer.Items, writer.Relations);
    }

    /// <summary>What the standard catalogue's node (or a local column) holds and how often it changes.</summary>
    private static Plan PlanFor(ColumnRow column) => column.CatalogueCode switch
    {
        null => new Plan(column, "Article", 6, Pace.News),
        "05" => new Plan(column, "Article", 12, Pace.News),
        "04" => new Plan(column, "Notice", 8, Pace.Notice),
        "0201" or "0202" or "0203" or "02" => new Plan(column, "PolicyDocument", 4, Pace.Notice),
        "03" => new Plan(column, "Interpretation", 0, Pace.Notice),
        "1103" => new Plan(column, "Report", 0, Pace.Reports),
        "0801" or "08" => new Plan(column, "Report", 1, Pace.Slow),
        "0901" or "09" => new Plan(column, "ServiceGuide", 2, Pace.Slow),
        "06" or "07" or "12" => new Plan(column, "Article", 2, Pace.Slow),
        ['1', '0', _, _] or "10" => new Plan(column, "Notice", 3, Pace.Notice),
        _ => new Plan(column, "Page", 0, Pace.Pages),
    };

    /// <summary>Writes items (and interpretation links) with one prepared statement each, committing every batch.</summary>
    private sealed class ItemWriter(SqliteConnection connection)
    {
        private const int Batch = 50_000;
        private SqliteTransaction? _transaction;
        private SqliteCommand? _item;
        private SqliteCommand? _relation;
        private SqliteParameter[] _itemParameters = [];
        private SqliteParameter[] _relationParameters = [];
        private int _pending;
        private readonly StringBuilder _body = new();

        public long Items { get; private set; }

        public long Relations { get; private set; }

        public async Task AddAsync(Random random, string id, SiteRow site, ColumnRow column, string type, string title, DateTimeOffset at, int serial, string fields, string? documentNumber, string? interpreted = null)
        {
            if (_transaction is null)
            {
                Begin();
            }

            var status = random.NextDouble() switch
            {
                < 0.01 => "Withdrawn",
                < 0.02 => "Expired",
                _ => "Published",
            };
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            string? expiry = status == "Expired" || random.NextDouble() < 0.0005 ? today.AddDays(-random.Next(1, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            var disclosure = random.NextDouble() < 0.03 ? "OnApplication" : "Proactive";
            var publisher = random.NextDouble() < 0.005 ? null : site.Organiser;
            var value = Moment(at);
            Set(_itemParameters, id, site.Id, column.Id, type, status, title, Body(random), fields,
                $"B{site.Slug}/{at.Year}-{serial:D6}", publisher, documentNumber, value, expiry, disclosure, disclosure == "Proactive" ? null : "依申请公开", value);
            await _item!.ExecuteNonQueryAsync();
            Items++;
            if (interpreted is not null)
            {
                Set(_relationParameters, site.Id, id, interpreted);
                await _relation!.ExecuteNonQueryAsync();
                Relations++;
            }

            if (++_pending >= Batch)
            {
                await FlushAsync();
            }
        }

        public async Task FlushAsync()
        {
            if (_transaction is null)
            {
                return;
            }

            await _transaction.CommitAsync();
            await _transaction.DisposeAsync();
            await _item!.DisposeAsync();
            await _relation!.DisposeAsync();
            _transaction = null;
            _pending = 0;
        }

        private void Begin()
        {
            _transaction = connection.BeginTransaction();
            _item = connection.CreateCommand();
            _item.Transaction = _transaction;
            _item.CommandText = """
                INSERT INTO "ContentItems" ("Id", "TenantId", "ColumnId", "ContentType", "Status", "Review", "Title", "Body", "Fields", "Attachments",
                    "IndexNumber", "Publisher", "DocumentNumber", "PublishedAt", "ExpiryDate", "Disclosure", "DisclosureNote", "CurrentVersion", "PublishedVersion", "CreatedAt", "UpdatedAt")
                VALUES ($id, $tenant, $column, $type, $status, 'None', $title, $body, $fields, '[]',
                    $index, $publisher, $number, $at, $expiry, $disclosure, $note, 1, 1, $created, $created)
                """;
            _itemParameters = Parameters(_item, "$id", "$tenant", "$column", "$type", "$status", "$title", "$body", "$fields", "$index", "$publisher", "$number", "$at", "$expiry", "$disclosure", "$note", "$created");
            _relation = connection.CreateCommand();
            _relation.Transaction = _transaction;
            _relation.CommandText = """INSERT INTO "ContentRelations" ("TenantId", "FromItemId", "Field", "ToItemId") VALUES ($tenant, $from, 'policy', $to)""";
            _relationParameters = Parameters(_relation, "$tenant", "$from", "$to");
        }

        /// <summary>A body of 6 to 14 sentences (about 300 to 700 characters, some with dates, figures and office phone numbers); now and then an image without alternative text or a mobile number.</summary>
        private string Body(Random random)
        {
            _body.Clear();
            for (int i = 0, n = 6 + random.Next(9); i < n; i++)
            {
                _body.Append("<p>").Append(Sentences[random.Next(Sentences.Length)]).Append("</p>");
            }

            var roll = random.NextDouble();
            if (roll < 0.005)
            {
                _body.Append("<p><img src=\"/media/photo.jpg\"></p>");
            }
            else if (roll < 0.01)
            {
                _body.Append("<p><img src=\"/media/photo.jpg\" alt=\"会议现场\"></p>");
            }
            else if (roll < 0.0105)
            {
                _body.Append("<p>联系人手机：139").Append(random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)).Append("</p>");
            }

            return _body.ToString();
        }
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        [.. names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))];

    private static void Set(SqliteParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
