using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteCluster.Core.Data;
using SiteCluster.Core.Media;
using SiteCluster.Core.Tenancy;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests;

/// <summary>Uploads: typed by content, limited in size, owned by a site, nothing kept when refused.</summary>
public abstract class MediaServiceTests(DatabaseFixture fixture)
{
    private static readonly byte[] PngBytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task A_png_named_pdf_is_stored_as_the_image_it_is_and_reads_back_intact()
    {
        var site = await NewCountyAsync();
        await using var scope = ScopeFor(site);

        var item = await Upload(scope).UploadAsync(new MemoryStream(PngBytes), @"C:\scans\照片.pdf");

        Assert.Equal(("image/png", MediaKind.Image, "照片.pdf", (long)PngBytes.Length), (item.ContentType, item.Kind, item.FileName, item.Length));
        Assert.EndsWith(".png", item.StorageKey, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(PngBytes)), item.Sha256);
        await using var stored = await Services.GetRequiredService<IMediaStore>().OpenReadAsync(item.StorageKey);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        Assert.Equal(PngBytes, copy.ToArray());
    }

    [Fact]
    public async Task Office_documents_are_told_apart_by_their_parts_and_other_zips_are_refused()
    {
        var site = await NewCountyAsync();
        await using var scope = ScopeFor(site);

        var docx = await Upload(scope).UploadAsync(Zip("[Content_Types].xml", "word/document.xml"), "通知.docx");
        var xlsx = await Upload(scope).UploadAsync(Zip("[Content_Types].xml", "xl/workbook.xml"), "数据.xlsx");
        var zip = await Assert.ThrowsAsync<MediaRejectedException>(() => Upload(scope).UploadAsync(Zip("readme.txt"), "伪装.docx"));

        Assert.Equal((MediaKind.Document, MediaKind.Spreadsheet), (docx.Kind, xlsx.Kind));
        Assert.Equal(MediaRejection.UnsupportedType, zip.Reason);
    }

    [Theory]
    [InlineData("4D5A90000300000004000000FFFF0000", "report.pdf")]
    [InlineData("3C73766720786D6C6E733D2268747470", "logo.png")]
    [InlineData("3C68746D6C3E3C7363726970743E0000", "page.jpg")]
    public async Task Executables_svg_and_html_are_refused_whatever_their_name_and_nothing_is_kept(string headerHex, string name)
    {
        var site = await NewCountyAsync();
        await using var scope = ScopeFor(site);
        var bytes = Convert.FromHexString(headerHex).Concat(new byte[512]).ToArray();

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() => Upload(scope).UploadAsync(new MemoryStream(bytes), name));

        Assert.Equal(MediaRejection.UnsupportedType, ex.Reason);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MediaItems.CountAsync());
        Assert.False(Directory.Exists(Path.Combine(fixture.Host.Database.DataDirectory, "media", site.Id.ToString("N"))));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_while_reading()
    {
        var site = await NewCountyAsync();
        await using var scope = ScopeFor(site);
        var limit = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiteClusterOptions>>().Value.Media.MaxUploadBytes;
        var bytes = new byte[limit + 1];
        PngBytes.CopyTo(bytes, 0);
        var tooBig = new MemoryStream(bytes);

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() => Upload(scope).UploadAsync(tooBig, "big.png"));

        Assert.Equal(MediaRejection.TooLarge, ex.Reason);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MediaItems.CountAsync());
    }

    [Fact]
    public async Task Media_belongs_to_its_site_and_an_archived_site_takes_none()
    {
        var tree = await TestSites.CreateTreeAsync(Services, countyStatus: "Archived");
        var snapshot = Services.GetRequiredService<ISiteRegistry>().Current;
        await using (var city = ScopeFor(snapshot.FindBySlug(tree.City)!))
        {
            await Upload(city).UploadAsync(new MemoryStream(PngBytes), "a.png");
        }

        await using var archived = ScopeFor(snapshot.FindBySlug(tree.County)!);

        await Assert.ThrowsAsync<SiteReadOnlyException>(() => Upload(archived).UploadAsync(new MemoryStream(PngBytes), "b.png"));
        Assert.Equal(0, await archived.ServiceProvider.GetRequiredService<SiteClusterDbContext>().MediaItems.CountAsync());
    }

    private static MediaService Upload(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<MediaService>();

    private static MemoryStream Zip(params string[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        stream.Position = 0;
        return stream;
    }

    private async Task<SiteInfo> NewCountyAsync()
    {
        var tree = await TestSites.CreateTreeAsync(Services);
        return Services.GetRequiredService<ISiteRegistry>().Current.FindBySlug(tree.County)!;
    }

    private AsyncServiceScope ScopeFor(SiteInfo site) => TestSites.ScopeFor(Services, site);
}

public sealed class MediaServiceSqliteTests(SqliteFixture fixture) : MediaServiceTests(fixture), IClassFixture<SqliteFixture>;

public sealed class MediaServicePostgresTests(PostgresFixture fixture) : MediaServiceTests(fixture), IClassFixture<PostgresFixture>;
