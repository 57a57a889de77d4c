using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Content.Publishing;

/// <summary>The last 索引号 serial handed out for one site and year.</summary>
public sealed class IndexNumberSequence : ITenantOwned
{
    public Guid TenantId { get; set; }

    public int Year { get; set; }

    public int LastSerial { get; set; }
}

/// <summary>
/// Hands out 索引号 (index numbers) for the current site, e.g. <c>000014349/2026-00110</c>:
/// unique and never reused, because each serial comes from one atomic upsert of the site's
/// counter for the year, on SQLite and PostgreSQL alike. The year is China Standard Time's.
/// </summary>
public sealed partial class IndexNumberGenerator(
    SiteClusterDbContext db,
    TenantContext tenant,
    IOptions<SiteClusterOptions> options,
    TimeProvider time)
{
    /// <summary>The next number for the current site and this year.</summary>
    public Task<string> NextAsync(CancellationToken cancellationToken = default) =>
        NextAsync(
            tenant.Site ?? throw new TenantIsolationException("Index numbers belong to a site; this scope has none."),
            BeijingTime.YearOf(time.GetUtcNow()),
            cancellationToken);

    /// <summary>The next number for <paramref name="site"/> and <paramref name="year"/> (imports keep the year they were first published in).</summary>
    public async Task<string> NextAsync(SiteInfo site, int year, CancellationToken cancellationToken = default)
    {
        // Not composable (it writes), so read the whole one-row result rather than .Single().
        var serials = await db.Database.SqlQuery<int>($"""
            INSERT INTO "IndexNumberSequences" ("TenantId", "Year", "LastSerial") VALUES ({site.Id}, {year}, 1)
            ON CONFLICT ("TenantId", "Year") DO UPDATE SET "LastSerial" = "IndexNumberSequences"."LastSerial" + 1
            RETURNING "LastSerial" AS "Value"
            """).ToListAsync(cancellationToken);
        return Format(options.Value.Content.IndexNumberPattern, site, year, serials.Single());
    }

    public static string Format(string pattern, SiteInfo site, int year, int serial)
    {
        var text = pattern
            .Replace("{org}", site.OrganisationCode ?? site.SiteCode, StringComparison.Ordinal)
            .Replace("{sitecode}", site.SiteCode, StringComparison.Ordinal)
            .Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return SerialRegex().Replace(text, m => serial.ToString(m.Groups[1].Success ? m.Groups[1].Value : "0", CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\{serial(?::(0+))?\}")]
    private static partial Regex SerialRegex();
}
