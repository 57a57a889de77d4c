using Microsoft.Extensions.Options;
using SiteCluster.Core.Media;
using SiteCluster.Testing;

namespace SiteCluster.Core.Tests.Cluster;

/// <summary>Every media store behaves alike: local files, and blob storage (Azurite) in cluster mode.</summary>
public abstract class MediaStoreConformanceTests
{
    protected abstract IMediaStore Store { get; }

    private static string NewKey() => $"{Guid.NewGuid():N}/2026/12/{Guid.NewGuid():N}.pdf";

    [Fact]
    public async Task Stored_bytes_read_back_intact_and_are_gone_after_delete()
    {
        var key = NewKey();
        var bytes = "%PDF-1.4\n%%EOF\n"u8.ToArray();

        await Store.SaveAsync(key, new MemoryStream(bytes));
        Assert.True(await Store.ExistsAsync(key));
        await using (var stream = await Store.OpenReadAsync(key))
        {
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        await Store.DeleteAsync(key);
        Assert.False(await Store.ExistsAsync(key));
        Assert.Null(await Store.OpenReadAsync(key));
    }

    [Fact]
    public async Task A_key_is_never_overwritten()
    {
        var key = NewKey();
        await Store.SaveAsync(key, new MemoryStream([1, 2, 3]));

        await Assert.ThrowsAnyAsync<IOException>(() => Store.SaveAsync(key, new MemoryStream([4, 5, 6])));
        await using var stream = await Store.OpenReadAsync(key);
        Assert.Equal(1, stream!.ReadByte());
    }

    [Fact]
    public async Task A_key_that_climbs_out_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync("../outside.pdf", new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync("a/../../outside.pdf"));
    }

    [Fact]
    public async Task Deleting_what_is_not_there_is_no_error() => await Store.DeleteAsync(NewKey());
}

public sealed class FileSystemMediaStoreTests : MediaStoreConformanceTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sitecluster-media-").FullName;

    public FileSystemMediaStoreTests() =>
        Store = new FileSystemMediaStore(new SiteClusterPaths(Options.Create(new SiteClusterOptions { DataDirectory = _folder }), _folder));

    protected override IMediaStore Store { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

public sealed class AzureBlobMediaStoreTests : MediaStoreConformanceTests
{
    protected override IMediaStore Store { get; } = new AzureBlobMediaStore(new AzureBlobOptions
    {
        ConnectionString = TestServices.Azurite,
        Container = $"test-{Guid.NewGuid():N}",
    });

    [Fact]
    public async Task Storage_out_of_reach_is_reported_as_unavailable()
    {
        var store = new AzureBlobMediaStore(new AzureBlobOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        });

        var error = await Assert.ThrowsAsync<MediaStoreUnavailableException>(() => store.SaveAsync(NewKeyForUnreachable(), new MemoryStream([1])));
        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }

    private static string NewKeyForUnreachable() => $"{Guid.NewGuid():N}/x.pdf";
}
