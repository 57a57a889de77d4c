using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SiteCluster.Core;
using SiteCluster.Core.Audit;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Cluster;

/// <summary>
/// The audit log across every site (ClusterAdmin only): who changed what and when, filtered by
/// site, action, actor, entity and date, newest first, 50 to a page, each entry's before and
/// after values expandable. Reading it opens an audited cluster scope.
/// </summary>
public sealed class AuditPage(AdminContext admin, AuditLog log, IClusterScope clusterScope, ISiteRegistry registry) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "site")]
    public string? SiteSlug { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditAction? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>A site slug that names no site: nothing is listed, and the filter says so.</summary>
    public bool UnknownSite { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!admin.RequiredUser.IsClusterAdmin)
        {
            return NotFound();
        }

        Guid? siteId = null;
        if (!string.IsNullOrWhiteSpace(SiteSlug))
        {
            siteId = registry.Current.FindBySlug(SiteSlug.Trim())?.Id;
            if (siteId is null)
            {
                UnknownSite = true;
                return Page();
            }
        }

        // "zhang" and "user:zhang" both mean the admin user zhang; "recipe:…" and "system" are kept.
        var actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Contains(':', StringComparison.Ordinal) || Actor.Trim() == "system" ? Actor.Trim() : $"user:{Actor.Trim()}";
        PageNumber = Math.Max(1, PageNumber);
        using var scope = clusterScope.Open($"audit log read by {admin.RequiredUser.UserName}");
        (Entries, Total) = await log.QueryAsync(
            new AuditQuery(
                EntityType: string.IsNullOrWhiteSpace(Entity) ? null : Entity.Trim(),
                Action: Action,
                Actor: actor,
                From: From is { } from ? BeijingTime.StartOf(from) : null,
                To: To is { } to ? BeijingTime.StartOf(to.AddDays(1)) : null,
                Skip: (PageNumber - 1) * PageSize,
                Take: PageSize,
                SiteId: siteId),
            HttpContext.RequestAborted);
        return Page();
    }

    public string SiteName(Guid id) => registry.Current.FindById(id)?.Name ?? id.ToString();

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["site"] = SiteSlug,
            ["action"] = Action?.ToString(),
            ["actor"] = Actor,
            ["entity"] = Entity,
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString($"{Request.PathBase}/admin/_cluster/audit", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
