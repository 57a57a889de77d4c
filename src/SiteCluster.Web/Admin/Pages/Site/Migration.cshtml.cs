using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Identity;
using SiteCluster.Core.SiteMigration;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 迁移报告: the latest run of <c>sitecluster migrate</c> for the site (pages read, articles
/// imported, updated, unchanged and failed with reasons, files, redirects, the column mapping,
/// unmapped columns, broken links) and the runs before it. For the site's administrators.
/// </summary>
public sealed class MigrationPage(AdminContext admin, SiteClusterDbContext db) : PageModel
{
    public const int ListLimit = 100;

    public sealed record Run(MigrationRun Row, MigrationReport? Report);

    public Run? Latest { get; private set; }

    public IReadOnlyList<Run> Earlier { get; private set; } = [];

    /// <summary>Who sees the page and its link: the site's administrators and the provincial office.</summary>
    public static bool MaySee(AdminContext admin) =>
        admin.Actor is { } actor && (actor.Roles.Contains(SiteRole.SiteAdmin) || actor.Roles.Contains(SiteRole.ClusterAdmin));

    public async Task<IActionResult> OnGetAsync()
    {
        if (!MaySee(admin))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var runs = await db.MigrationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(11).ToListAsync(HttpContext.RequestAborted);
        var parsed = runs.Select(r => new Run(r, MigrationReport.Parse(r.Report))).ToList();
        Latest = parsed.FirstOrDefault();
        Earlier = [.. parsed.Skip(1)];
        return Page();
    }

    /// <summary>An old address as the operator knows it: a mirror read without its host name shows its path.</summary>
    public static string Address(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.EndsWith(".invalid", StringComparison.Ordinal) ? uri.PathAndQuery : url;
}
