using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Reposts;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// 订阅上级栏目: this site's standing orders for columns of the sites above it, so what they publish
/// there is reposted here; add one (optionally back-filled), or end one after confirming.
/// </summary>
public sealed class SubscriptionsPage(AdminContext admin, SiteClusterDbContext db, RepostSubscriptions subscriptions, ISiteRegistry registry, IStringLocalizer<AdminStrings> strings) : PageModel
{
    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string Node { get; set; } = "02";

    [BindProperty]
    public bool Hold { get; set; }

    [BindProperty]
    public bool Backfill { get; set; } = true;

    public IReadOnlyList<SubscriptionView> Current { get; private set; } = [];

    public IReadOnlyList<SiteInfo> Above { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Nodes { get; private set; } = [];

    public string? Error { get; private set; }

    public ConfirmPrompt? Confirm { get; private set; }

    public string Slug => admin.RequiredSite.Slug;

    public bool CanEdit => admin.RequiredActor.Can(ContentPermission.Edit);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostSubscribeAsync()
    {
        try
        {
            var filled = await subscriptions.SubscribeAsync(admin.RequiredActor, Source ?? string.Empty, Node, Hold, Backfill, HttpContext.RequestAborted);
            TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["Subscribed"].Value, filled);
            return Redirect($"{Request.PathBase}/admin/{Slug}/subscriptions");
        }
        catch (Exception ex) when (ex is RepostException or ContentPermissionException)
        {
            Error = ex.Message;
            await LoadAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(Guid subscriptionId, bool confirmed)
    {
        await LoadAsync();
        if (Current.FirstOrDefault(s => s.Id == subscriptionId) is not { } subscription)
        {
            return NotFound();
        }

        if (!confirmed)
        {
            Confirm = new ConfirmPrompt(
                string.Format(CultureInfo.CurrentCulture, strings["UnsubscribeQuestion"].Value, subscription.SourceSite, subscription.SourceColumn),
                strings["UnsubscribeDetail"],
                "Unsubscribe",
                new Dictionary<string, string> { ["subscriptionId"] = subscriptionId.ToString() },
                $"{Request.PathBase}/admin/{Slug}/subscriptions");
            return Page();
        }

        try
        {
            await subscriptions.UnsubscribeAsync(admin.RequiredActor, subscriptionId, HttpContext.RequestAborted);
        }
        catch (ContentPermissionException ex)
        {
            Error = ex.Message;
            return Page();
        }

        TempData["Message"] = strings["Unsubscribed"].Value;
        return Redirect($"{Request.PathBase}/admin/{Slug}/subscriptions");
    }

    private async Task LoadAsync()
    {
        Current = await subscriptions.ListAsync(HttpContext.RequestAborted);
        Above = [.. registry.Current.AncestorsOf(admin.RequiredSite)];
        Nodes = [.. (await AdminColumns.TreeAsync(db, HttpContext.RequestAborted))
            .Where(r => r.Column.CatalogueCode is not null)
            .Select(r => (r.Column.CatalogueCode!, r.Label))];
    }
}
