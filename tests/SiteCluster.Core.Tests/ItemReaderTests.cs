using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Content.Items;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>
/// The reader behind every uncached article page: on SQLite it reads with statements prepared
/// on connections of its own, so it must give exactly the item EF gives, only the site's own,
/// and a change as soon as it is saved.
/// </summary>
public abstract class ItemReaderTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task An_item_reads_exactly_as_EF_reads_it_with_every_field_set()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var site = TestSites.Site(Services, tree.County);
        var item = await AddAsync(site, "关于印发《测试县城乡居民最低生活保障实施办法》的通知", full: true);

        var read = await ReadAsync(site, item.Id);
        var loaded = await LoadAsync(site, item.Id);

        Assert.NotNull(read);
        foreach (var property in typeof(ContentItem).GetProperties().Where(p => p.CanWrite))
        {
            var expected = property.GetValue(loaded);
            var actual = property.GetValue(read);
            if (expected is List<ContentAttachment> attachments)
            {
                Assert.Equal(attachments, (List<ContentAttachment>)actual!);
            }
            else
            {
                Assert.True(Equals(expected, actual), $"{property.Name}: EF read {expected}, the reader {actual}");
            }
        }

        // And what was saved, not only what EF reads back: the conversions are the model's.
        Assert.Equal((ContentStatus.Published, DisclosureAttribute.Proactive, new DateOnly(2026, 3, 1)), (read.Status, read.Disclosure, read.WrittenDate));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero), read.PublishedAt);
        Assert.Equal([new ContentAttachment(item.Attachments[0].MediaId, "实施办法.pdf")], read.Attachments);
    }

    [Fact]
    public async Task Another_sites_item_and_an_unknown_id_read_as_nothing()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var county = TestSites.Site(Services, tree.County);
        var city = TestSites.Site(Services, tree.City);
        var item = await AddAsync(county, "县里的通知", full: false);

        Assert.NotNull(await ReadAsync(county, item.Id));
        Assert.Null(await ReadAsync(city, item.Id));
        Assert.Null(await ReadAsync(county, Guid.NewGuid()));
    }

    [Fact]
    public async Task A_saved_change_is_read_at_once_and_concurrent_readers_each_get_their_own_item()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var site = TestSites.Site(Services, tree.County);
        var items = new List<ContentItem>();
        for (var i = 0; i < 4; i++)
        {
            items.Add(await AddAsync(site, $"第{i}号通知", full: false));
        }

        Assert.Equal("第0号通知", (await ReadAsync(site, items[0].Id))!.Title);
        await using (var scope = TestSites.ScopeFor(Services, site))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
            var stored = await db.ContentItems.SingleAsync(i => i.Id == items[0].Id);
            stored.Title = "第0号通知（修订）";
            await db.SaveChangesAsync();
        }

        Assert.Equal("第0号通知（修订）", (await ReadAsync(site, items[0].Id))!.Title);

        var expected = items.Select(i => i.Id).ToList();
        var rounds = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var seen = new List<(Guid Asked, Guid? Got)>();
            for (var n = 0; n < 40; n++)
            {
                var id = expected[(worker + n) % expected.Count];
                seen.Add((id, (await ReadAsync(site, id))?.Id));
            }

            return seen;
        })));
        Assert.All(rounds.SelectMany(r => r), r => Assert.Equal(r.Asked, r.Got));
    }

    [Fact]
    public async Task On_SQLite_the_body_comes_as_the_stored_UTF8_bytes_and_elsewhere_as_the_items_text()
    {
        var tree = await TestSites.CreateContentTreeAsync(Services);
        var site = TestSites.Site(Services, tree.County);
        var item = await AddAsync(site, "县里的通知", full: false);

        var read = await ReadPageItemAsync(site, item.Id);

        Assert.NotNull(read);
        if (fixture.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Null(read.Item.Body);
            Assert.Equal(Encoding.UTF8.GetBytes(item.Body!), read.Utf8Body!.Value.ToArray());
        }
        else
        {
            Assert.Null(read.Utf8Body);
            Assert.Equal(item.Body, read.Item.Body);
        }
    }

    /// <summary>The item as the reader gives it, its body in <see cref="ContentItem.Body"/> whichever way it came.</summary>
    private async Task<ContentItem?> ReadAsync(SiteInfo site, Guid id)
    {
        if (await ReadPageItemAsync(site, id) is not { } read)
        {
            return null;
        }

        if (read.Utf8Body is { } utf8)
        {
            Assert.Null(read.Item.Body);
            read.Item.Body = Encoding.UTF8.GetString(utf8.Span);
        }

        return read.Item;
    }

    private async Task<PageItem?> ReadPageItemAsync(SiteInfo site, Guid id)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        return await scope.ServiceProvider.GetRequiredService<IItemReader>().FindAsync(db, site.Id, id, CancellationToken.None);
    }

    private async Task<ContentItem> LoadAsync(SiteInfo site, Guid id)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        return await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().ContentItems.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<ContentItem> AddAsync(SiteInfo site, string title, bool full)
    {
        await using var scope = TestSites.ScopeFor(Services, site);
        var db = scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>();
        var column = await db.Columns.Where(c => c.CatalogueCode == "04").Select(c => c.Id).SingleAsync();
        var at = new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);
        var item = new ContentItem
        {
            TenantId = site.Id,
            ColumnId = column,
            ContentType = "Notice",
            Status = ContentStatus.Published,
            Title = title,
            Body = "<p>为进一步规范城乡居民最低生活保障工作……</p>",
            PublishedAt = at,
            CurrentVersion = 1,
            PublishedVersion = 1,
            CreatedAt = at,
            UpdatedAt = at,
        };
        if (full)
        {
            item.Review = ReviewState.Scheduled;
            item.Summary = "实施办法全文";
            item.Fields = """{"note":"附件见下"}""";
            item.Attachments = [new ContentAttachment(Guid.NewGuid(), "实施办法.pdf")];
            item.IndexNumber = $"{site.SiteCode}/2026-00042";
            item.Publisher = "测试县民政局";
            item.DocumentNumber = "测民发〔2026〕3号";
            item.WrittenDate = new DateOnly(2026, 3, 1);
            item.EffectiveDate = new DateOnly(2026, 4, 1);
            item.ExpiryDate = new DateOnly(2031, 3, 31);
            item.TopicCategory = "民政、扶贫、救灾";
            item.GenreCategory = "通知";
            item.Audience = "城乡居民";
            item.Keywords = "低保";
            item.Source = "测试县民政局";
            item.DisclosureReason = NonDisclosureReason.Other;
            item.DisclosureNote = "无";
            item.ReviewVersion = 1;
            item.ScheduledAt = at.AddDays(30);
            item.SubmittedBy = "user:editor";
            item.ReviewComment = "同意";
            item.PersonalDataOverride = "已核实";
            item.ImportKey = $"legacy:{Guid.NewGuid():N}";
        }

        db.ContentItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }
}

public sealed class ItemReaderSqliteTests(SqliteFixture fixture) : ItemReaderTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ItemReaderPostgresTests(PostgresFixture fixture) : ItemReaderTests(fixture), IClassFixture<PostgresFixture>;
