using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Content.Types;
using SiteCluster.Core.Data;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>The site's content, filtered by text, status, review state, column, type and date, 20 to a page.</summary>
public sealed class ContentListPage(AdminContext admin, SiteClusterDbContext db, ContentTypeStore types, TimeProvider time) : PageModel
{
    public const int PageSize = 20;
    public const int ExpiringWithinDays = 30;

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public ContentStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public ReviewState? Review { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Column { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unpublished { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Expiring { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public string Slug => admin.RequiredSite.Slug;

    public IReadOnlyList<ContentItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<ColumnRow> Columns { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Types { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Columns = await AdminColumns.TreeAsync(db, HttpContext.RequestAborted);
        Types = (await types.AllAsync()).ToDictionary(t => t.Key, t => t.Value.DisplayName!);
        var items = db.ContentItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = Text.Trim();
            items = items.Where(i => i.Title.Contains(text) || (i.DocumentNumber != null && i.DocumentNumber.Contains(text)) || (i.IndexNumber != null && i.IndexNumber.Contains(text)));
        }

        if (Status is { } status)
        {
            items = items.Where(i => i.Status == status);
        }

        if (Review is { } review)
        {
            items = items.Where(i => i.Review == review);
        }

        if (Column is { } column)
        {
            items = items.Where(i => i.ColumnId == column);
        }

        if (!string.IsNullOrWhiteSpace(Type))
        {
            items = items.Where(i => i.ContentType == Type);
        }

        if (From is { } from)
        {
            var start = BeijingTime.StartOf(from);
            items = items.Where(i => i.UpdatedAt >= start);
        }

        if (To is { } to)
        {
            var end = BeijingTime.StartOf(to.AddDays(1));
            items = items.Where(i => i.UpdatedAt < end);
        }

        if (Unpublished)
        {
            items = items.Where(i => i.PublishedVersion == null || i.CurrentVersion != i.PublishedVersion);
        }

        if (Expiring)
        {
            var soon = BeijingTime.Today(time).AddDays(ExpiringWithinDays);
            items = items.Where(i => i.ExpiryDate != null && i.ExpiryDate <= soon);
        }

        Total = await items.CountAsync();
        PageNumber = Math.Max(1, PageNumber);
        Items = await items.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }

    public string PageUrl(int page)
    {
        var query = QueryHelpers.ParseQuery(Request.QueryString.Value);
        var builder = new QueryBuilder(query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))))
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
        };
        return Request.PathBase + Request.Path + builder.ToQueryString();
    }
}
