using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.SiteMigration;

public sealed partial class SiteMigrationImporter
{
    /// <summary>
    /// What the import of one run knows beyond one article: each article's item id before it is
    /// imported (its existing item's, or a new one), so links between articles are written in one
    /// pass; each old page's new address; the site's media by content and name; the redirects
    /// already stored, so a run adds or changes only what differs.
    /// </summary>
    private sealed class ImportContext
    {
        private readonly Dictionary<string, Destination> _destinations;
        private readonly LegacySite _legacy;
        private readonly Dictionary<string, Guid> _itemIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LegacyPage> _articleOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LegacyColumn> _listOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Guid> _media = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LegacyRedirect> _redirects = new(StringComparer.Ordinal);
        private readonly Dictionary<LegacyPage, List<string>> _addresses = [];
        private readonly List<Staged> _staged = [];
        private readonly HashSet<string> _stagedKeys = new(StringComparer.Ordinal);
        private readonly MigrationReport _report;

        private ImportContext(LegacySite legacy, Dictionary<string, Destination> destinations, MigrationReport report)
        {
            _legacy = legacy;
            _destinations = destinations;
            _report = report;
        }

        private enum StagedKind
        {
            Created,
            Updated,
            Unchanged,
            Media,
        }

        /// <summary>A change not yet committed: a redirect (its key and row) or a media index entry.</summary>
        private sealed record Staged(StagedKind Kind, string Key, LegacyRedirect? Redirect);

        public static async Task<ImportContext> LoadAsync(
            SiteMigrationImporter importer, SiteInfo site, LegacySite legacy, Dictionary<string, Destination> destinations, MigrationState state,
            MigrationReport report, CancellationToken cancellationToken)
        {
            var context = new ImportContext(legacy, destinations, report);
            await using var scope = importer.ScopeFor(site);
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var existing = await db.ContentItems.AsNoTracking().Where(i => i.ImportKey != null)
                .Select(i => new { i.ImportKey, i.Id }).ToDictionaryAsync(i => i.ImportKey!, i => i.Id, StringComparer.Ordinal, cancellationToken);
            var representatives = legacy.Articles.ToDictionary(a => a.FinalUrl ?? a.Url, StringComparer.Ordinal);
            foreach (var article in legacy.Articles)
            {
                if (existing.TryGetValue(ImportKeyOf(article), out var id) || state.ItemIds.TryGetValue(article.Url, out id))
                {
                    context._itemIds[article.Url] = id;
                }
                else
                {
                    context._itemIds[article.Url] = id = Guid.CreateVersion7();
                    state.AddItemId(article.Url, id);
                }
            }

            foreach (var page in legacy.Pages.Where(p => p.Kind == LegacyPageKind.Article && p.Article is not null))
            {
                if (representatives.TryGetValue(page.FinalUrl ?? page.Url, out var representative))
                {
                    context._articleOf[page.Url] = representative;
                    context._articleOf[page.FinalUrl ?? page.Url] = representative;
                }
            }

            foreach (var (url, article) in context._articleOf)
            {
                if (!context._addresses.TryGetValue(article, out var addresses))
                {
                    context._addresses[article] = addresses = [];
                }

                addresses.Add(url);
            }

            foreach (var column in legacy.Columns)
            {
                foreach (var url in column.ListUrls)
                {
                    context._listOf.TryAdd(url, column);
                }
            }

            foreach (var media in await db.MediaItems.AsNoTracking().Select(m => new { m.Id, m.Sha256, m.FileName }).ToListAsync(cancellationToken))
            {
                context._media.TryAdd(MediaKey(media.Sha256, media.FileName), media.Id);
            }

            foreach (var redirect in await db.LegacyRedirects.AsNoTracking().ToListAsync(cancellationToken))
            {
                context._redirects[redirect.PathKey] = redirect;
            }

            return context;
        }

        public Destination DestinationOf(LegacyPage article) =>
            _destinations[_legacy.ColumnOf.TryGetValue(article.Url, out var column) ? column.Key : string.Empty];

        public Destination? ColumnDestination(LegacyColumn column) =>
            column.Articles.Count > 0 ? _destinations.GetValueOrDefault(column.Key) : null;

        public Guid ItemIdOf(LegacyPage article) => _itemIds[article.Url];

        /// <summary>Every old address of an article (the one it was read at, where that redirected, other addresses of it).</summary>
        public List<string> AddressesOf(LegacyPage article) => _addresses.GetValueOrDefault(article) ?? [article.Url];

        /// <summary>The new address of an old page: an article's item, a list's column, the home page; null for anything else.</summary>
        public string? PageUrl(string url)
        {
            if (_articleOf.TryGetValue(url, out var article))
            {
                return $"/{DestinationOf(article).Path}/{_itemIds[article.Url]:N}.html";
            }

            if (_legacy.HomeUrls.Contains(url))
            {
                return "/";
            }

            return _listOf.TryGetValue(url, out var column) && ColumnDestination(column) is { } destination ? $"/{destination.Path}/" : null;
        }

        public Guid? FindMedia(string sha256, string name) => _media.TryGetValue(MediaKey(sha256, name), out var id) ? id : null;

        public void AddMedia(string sha256, string name, Guid id)
        {
            _media[MediaKey(sha256, name)] = id;
            _staged.Add(new Staged(StagedKind.Media, MediaKey(sha256, name), null));
        }

        /// <summary>Stages each old address's redirect: added when new, changed when its target moved; counted once committed.</summary>
        public void Redirect(SiteClusterDbContext db, SiteInfo site, IEnumerable<(Uri Url, LegacyRedirect Target)> redirects, DateTimeOffset now)
        {
            foreach (var (url, target) in redirects)
            {
                var key = LegacyRedirect.KeyOf(url);
                if (key.Length > LegacyRedirect.MaxKeyLength || key == "/" || !_stagedKeys.Add(key))
                {
                    continue;
                }

                if (!_redirects.TryGetValue(key, out var stored))
                {
                    var added = new LegacyRedirect
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = site.Id,
                        PathKey = key,
                        OldUrl = url.AbsoluteUri.Length > 2000 ? url.AbsoluteUri[..2000] : url.AbsoluteUri,
                        ItemId = target.ItemId,
                        ColumnId = target.ColumnId,
                        MediaId = target.MediaId,
                        MediaName = target.MediaName,
                        IsHome = target.IsHome,
                        CreatedAt = now,
                        UpdatedAt = now,
                    };
                    db.LegacyRedirects.Add(added);
                    _staged.Add(new Staged(StagedKind.Created, key, added));
                }
                else if (stored.ItemId != target.ItemId || stored.ColumnId != target.ColumnId || stored.MediaId != target.MediaId
                    || stored.MediaName != target.MediaName || stored.IsHome != target.IsHome)
                {
                    var changed = new LegacyRedirect
                    {
                        Id = stored.Id,
                        TenantId = stored.TenantId,
                        PathKey = stored.PathKey,
                        OldUrl = stored.OldUrl,
                        ItemId = stored.ItemId,
                        ColumnId = stored.ColumnId,
                        MediaId = stored.MediaId,
                        MediaName = stored.MediaName,
                        IsHome = stored.IsHome,
                        CreatedAt = stored.CreatedAt,
                        UpdatedAt = stored.UpdatedAt,
                    };
                    db.LegacyRedirects.Attach(changed);
                    (changed.ItemId, changed.ColumnId, changed.MediaId, changed.MediaName, changed.IsHome, changed.UpdatedAt) =
                        (target.ItemId, target.ColumnId, target.MediaId, target.MediaName, target.IsHome, now);
                    _staged.Add(new Staged(StagedKind.Updated, key, changed));
                }
                else
                {
                    _staged.Add(new Staged(StagedKind.Unchanged, key, null));
                }
            }
        }

        /// <summary>How much is staged now, to roll back to.</summary>
        public int Mark() => _staged.Count;

        /// <summary>Forgets what was staged since <paramref name="mark"/> (its transaction or savepoint was rolled back).</summary>
        public void RollbackTo(int mark)
        {
            foreach (var staged in _staged.Skip(mark))
            {
                if (staged.Kind == StagedKind.Media)
                {
                    _media.Remove(staged.Key);
                }
                else
                {
                    _stagedKeys.Remove(staged.Key);
                }
            }

            _staged.RemoveRange(mark, _staged.Count - mark);
        }

        /// <summary>What was staged is saved: the redirects are known from now on and counted.</summary>
        public void Committed()
        {
            foreach (var staged in _staged)
            {
                if (staged.Redirect is { } redirect)
                {
                    _redirects[redirect.PathKey] = redirect;
                }

                _ = staged.Kind switch
                {
                    StagedKind.Created => _report.Redirects.Created++,
                    StagedKind.Updated => _report.Redirects.Updated++,
                    StagedKind.Unchanged => _report.Redirects.Unchanged++,
                    _ => 0,
                };
            }

            _staged.Clear();
            _stagedKeys.Clear();
        }

        private static string MediaKey(string sha256, string name) => $"{sha256}|{name}";
    }

    /// <summary>
    /// Links between old pages that lead nowhere now: to a page the old site did not serve, one
    /// robots.txt kept the crawler from, or one that is neither an article nor a list. In a dry
    /// run (<paramref name="pageUrl"/> null) every article and list counts as leading somewhere.
    /// </summary>
    private static void ReportLinks(LegacySite legacy, MigrationReport report, Func<string, string?>? pageUrl)
    {
        var broken = new List<BrokenLink>();
        foreach (var article in legacy.Articles)
        {
            foreach (var link in article.Article!.Links)
            {
                var target = legacy.Find(link.Url);
                var leads = pageUrl is not null ? pageUrl(link.Url) is not null
                    : target is { Kind: LegacyPageKind.Article or LegacyPageKind.List } || legacy.HomeUrls.Contains(link.Url);
                if (leads)
                {
                    continue;
                }

                var reason = target switch
                {
                    null when legacy.Disallowed.Contains(link.Url) => CoreText.Get("Migration_Disallowed"),
                    null => CoreText.Get("Migration_NotCrawled"),
                    { IsSuccess: false } => Reason(target),
                    _ => CoreText.Get("Migration_NotImported"),
                };
                broken.Add(new BrokenLink(article.Url, link.Url, link.Text, reason));
            }
        }

        report.BrokenLinks = broken;
    }
}
