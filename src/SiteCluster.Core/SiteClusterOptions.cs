using System.ComponentModel.DataAnnotations;

namespace SiteCluster.Core;

/// <summary>
/// Root settings, bound from the <c>SiteCluster</c> configuration section
/// (environment: <c>SiteCluster__...</c>).
/// </summary>
public sealed class SiteClusterOptions
{
    public const string SectionName = "SiteCluster";

    /// <summary>Folder for the SQLite file, logs, indexes and local media. Relative paths are resolved against the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Folder holding recipe files. Relative paths are resolved against the application folder.</summary>
    [Required]
    public string RecipesDirectory { get; set; } = "recipes";

    public DatabaseOptions Database { get; set; } = new();

    public TenancyOptions Tenancy { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public RedisOptions Redis { get; set; } = new();

    public MediaOptions Media { get; set; } = new();

    public ContentOptions Content { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    public PublicOptions Public { get; set; } = new();

    public MonitoringOptions Monitoring { get; set; } = new();

    public SearchOptions Search { get; set; } = new();

    public InteractionOptions Interaction { get; set; } = new();

    public CrawlingOptions Crawling { get; set; } = new();

    public MigrationOptions Migration { get; set; } = new();
}

public sealed class InteractionOptions
{
    /// <summary>Working days an applicant has to answer a request to amend (补正) before the application lapses.</summary>
    [Range(1, 60)]
    public int AmendmentWorkingDays { get; set; } = 15;

    /// <summary>Days after the reply that an applicant's personal data is kept; then it is anonymised.</summary>
    [Range(30, 36500)]
    public int ApplicantDataRetentionDays { get; set; } = 1825;

    /// <summary>Submissions of public forms (applications) one client (IP address) may make per hour; more get 429.</summary>
    [Range(1, 10000)]
    public int FormsPerHourPerClient { get; set; } = 10;
}

/// <summary>How the crawler treats a site it reads (migrations now, link checks later).</summary>
public sealed class CrawlingOptions
{
    /// <summary>Requests in flight at once, over all hosts.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Least time between the starts of two requests to one host; a longer robots.txt Crawl-delay wins.</summary>
    [Range(0, 60000)]
    public int PerHostDelayMilliseconds { get; set; } = 250;

    /// <summary>Attempts after the first on a network failure, a timeout, 429 or 5xx, each after a longer wait.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; it doubles with each further retry (a Retry-After header wins, up to a minute).</summary>
    [Range(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>Time allowed for one request.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Largest response read, in bytes (default 50 MiB); a larger one is a failure.</summary>
    [Range(1, long.MaxValue)]
    public long MaxResponseBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>The User-Agent sent, and the name robots.txt rules are matched against.</summary>
    [Required]
    public string UserAgent { get; set; } = "SiteClusterBot/1.0";
}

/// <summary>Importing an old site (<c>sitecluster migrate</c>).</summary>
public sealed class MigrationOptions
{
    /// <summary>Most pages one migration reads from the old site.</summary>
    [Range(1, 10_000_000)]
    public int MaxPages { get; set; } = 100_000;

    /// <summary>Name of the local column that receives articles of unmapped old columns.</summary>
    [Required]
    public string HoldingColumnName { get; set; } = "待整理";

    /// <summary>URL segment of that column.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,63}$")]
    public string HoldingColumnSlug { get; set; } = "dzl";
}

public enum SearchProvider
{
    /// <summary>Lucene.Net, in the data folder (the embedded default; one node).</summary>
    Lucene = 0,

    /// <summary>An Elasticsearch cluster over its REST API (several nodes share it).</summary>
    Elasticsearch = 1,
}

public sealed class SearchOptions
{
    public SearchProvider Provider { get; set; } = SearchProvider.Lucene;

    /// <summary>Seconds between the indexer's looks at the outbox when no commit woke it.</summary>
    [Range(1, 3600)]
    public int IndexerIntervalSeconds { get; set; } = 10;

    /// <summary>Searches one client (IP address) may make per minute; more get 429.</summary>
    [Range(1, 100000)]
    public int RequestsPerMinutePerClient { get; set; } = 120;

    public ElasticsearchOptions Elasticsearch { get; set; } = new();
}

public sealed class ElasticsearchOptions
{
    /// <summary>Base address, e.g. <c>http://127.0.0.1:9200</c>; required when the provider is Elasticsearch.</summary>
    public string? Url { get; set; }

    /// <summary>Name of the cluster's one index.</summary>
    public string Index { get; set; } = "sitecluster";

    /// <summary>Analyzer of the text fields: <c>cjk</c> (built in) or <c>ik_max_word</c> (needs the IK plugin).</summary>
    public string Analyzer { get; set; } = "cjk";

    public string? Username { get; set; }

    public string? Password { get; set; }
}

public sealed class MonitoringOptions
{
    /// <summary>
    /// When monitoring runs, as a cron expression (five fields) in Beijing time; empty turns the
    /// schedule off (runs then start only from the admin or <c>sitecluster monitor run</c>).
    /// </summary>
    public string? Schedule { get; set; } = "0 2 * * *";

    /// <summary>
    /// Where probes and the link checker find a site's public pages: a template with <c>{host}</c>
    /// (the site's primary host) and <c>{slug}</c>, e.g. <c>http://127.0.0.1:5000/s/{slug}/</c> to
    /// reach the sites on this node without DNS. The default asks each site's own host over HTTPS.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "https://{host}/";

    /// <summary>Minutes between availability probes of every active site; 0 turns probing off. RULES.md §1 asks for at least 20 a day.</summary>
    [Range(0, 1440)]
    public int ProbeIntervalMinutes { get; set; } = 60;

    /// <summary>Seconds a home page has to load before its probe fails (RULES.md §1: 15).</summary>
    [Range(1, 120)]
    public int ProbeTimeoutSeconds { get; set; } = 15;

    /// <summary>Probes in flight at once.</summary>
    [Range(1, 256)]
    public int ProbeConcurrency { get; set; } = 16;

    /// <summary>Days probes are kept (the rule reads a week).</summary>
    [Range(8, 3650)]
    public int ProbeRetentionDays { get; set; } = 35;

    /// <summary>Minutes between link-check runs; 0 turns the link checker off.</summary>
    [Range(0, 10080)]
    public int LinkCheckIntervalMinutes { get; set; } = 60;

    /// <summary>Longest a link-check run goes on; a site not finished continues in the next run.</summary>
    [Range(1, 1440)]
    public int LinkCheckMinutesPerRun { get; set; } = 15;

    /// <summary>Sites whose links are checked at once (each with the crawler's own concurrency and per-host delay).</summary>
    [Range(1, 64)]
    public int LinkCheckConcurrentSites { get; set; } = 4;

    /// <summary>Most pages of one site read in one pass over it.</summary>
    [Range(1, 1000000)]
    public int LinkCheckMaxPages { get; set; } = 5000;

    /// <summary>The public address of <paramref name="site"/> from <see cref="PublicBaseUrl"/>.</summary>
    public Uri PublicUrlOf(Tenancy.SiteInfo site)
    {
        var url = PublicBaseUrl.Replace("{host}", site.PrimaryHost, StringComparison.Ordinal).Replace("{slug}", site.Slug, StringComparison.Ordinal);
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }
}

public sealed class PublicOptions
{
    /// <summary>
    /// How long a rendered public page is kept in the page cache. Every change the public sees
    /// (publish, edit, withdrawal, expiry, columns, settings) evicts the site's pages at once, so
    /// this only bounds memory use and anything outside the database. 0 turns the cache off.
    /// </summary>
    public int CacheSeconds { get; set; } = 1800;

    /// <summary>
    /// Memory the cached public pages may take on each node, in megabytes; past it the pages read
    /// least recently are dropped first.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CacheMegabytes { get; set; } = 100;
}

public sealed class AuditOptions
{
    /// <summary>Days an audit entry is kept before <c>sitecluster audit purge</c> removes it (default 10 years).</summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 3650;
}

public sealed class ContentOptions
{
    /// <summary>
    /// Pattern of the 索引号: <c>{org}</c> (the site's organisation code, or its site code when it
    /// has none), <c>{sitecode}</c>, <c>{year}</c>, and <c>{serial:00000}</c> (zero-padded to the
    /// number of zeros).
    /// </summary>
    [Required]
    public string IndexNumberPattern { get; set; } = "{org}/{year}-{serial:00000}";

    /// <summary>Seconds between passes of the scheduler that publishes approved versions at their time and expires content.</summary>
    [Range(1, 3600)]
    public int SchedulerIntervalSeconds { get; set; } = 30;
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite it defaults to <c>sitecluster.db</c> in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public sealed class AdminOptions
{
    /// <summary>
    /// Host name of the cluster's one admin (e.g. <c>admin.yn.gov.cn</c>). Empty: the admin is at
    /// <c>/admin</c> on the provincial portal. <c>/admin</c> on any other host redirects there.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// A ClusterAdmin must use two-factor sign-in (an authenticator app's TOTP code): one who
    /// has not set it up is sent to set it up before any other admin page. Other users may
    /// turn it on for themselves.
    /// </summary>
    public bool RequireTwoFactorForClusterAdmin { get; set; } = true;
}

public sealed class TenancyOptions
{
    /// <summary>Resolve <c>/s/{slug}/...</c> to a site on any host (for local use).</summary>
    public bool PathPrefix { get; set; } = true;

    /// <summary>Resolve <c>{slug}.localhost</c> to the site with that slug (for local use).</summary>
    public bool LocalhostSubdomains { get; set; } = true;
}

public sealed class DemoOptions
{
    /// <summary>Apply <see cref="Recipe"/> on start when the database holds no site.</summary>
    public bool ApplyOnEmptyDatabase { get; set; } = true;

    /// <summary>Recipe file applied to an empty database, relative to the recipes folder.</summary>
    public string Recipe { get; set; } = "demo-cluster.json";
}

public sealed class RedisOptions
{
    /// <summary>
    /// StackExchange.Redis configuration string (e.g. <c>redis1:6379,password=…</c>); empty means
    /// one node: keys in the data folder, no announcements, no locks.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every Redis key and channel, so several clusters (or test runs) can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9:_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "sitecluster:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}

public sealed class MediaOptions
{
    /// <summary>Largest upload accepted, in bytes (default 50 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    public AzureBlobOptions AzureBlob { get; set; } = new();
}

public sealed class AzureBlobOptions
{
    /// <summary>Azure Blob storage connection string; empty means local files.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The one container that holds every site's media (created when missing).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string Container { get; set; } = "sitecluster-media";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
