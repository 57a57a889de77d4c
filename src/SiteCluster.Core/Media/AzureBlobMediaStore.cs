using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SiteCluster.Core.Media;

/// <summary>The store that keeps media could not be reached; nothing was stored or read.</summary>
public sealed class MediaStoreUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Media as blobs of one container (created on first use), named by the media key, so every node
/// reads what any node stored. Failures to reach storage are <see cref="MediaStoreUnavailableException"/>.
/// </summary>
public sealed class AzureBlobMediaStore : IMediaStore, IDisposable
{
    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    public AzureBlobMediaStore(AzureBlobOptions options)
    {
        var clientOptions = new BlobClientOptions
        {
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), Mode = RetryMode.Exponential, NetworkTimeout = TimeSpan.FromSeconds(30) },
        };
        _container = new BlobServiceClient(options.ConnectionString, clientOptions).GetBlobContainerClient(options.Container);
    }

    public Task SaveAsync(string key, Stream content, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            await EnsureContainerAsync(cancellationToken);
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
            try
            {
                await _container.GetBlobClient(BlobName(key)).UploadAsync(content, options, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                throw new IOException($"Media key '{key}' is already stored.", ex);
            }

            return true;
        });

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        GuardAsync<Stream?>(async () =>
        {
            try
            {
                return await _container.GetBlobClient(BlobName(key)).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        });

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            await _container.GetBlobClient(BlobName(key)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return true;
        });

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            try
            {
                return (await _container.GetBlobClient(BlobName(key)).ExistsAsync(cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return false;
            }
        });

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }

    public void Dispose() => _createLock.Dispose();

    /// <summary>Keys are relative paths with <c>/</c>; anything that climbs out is refused as on disk.</summary>
    private static string BlobName(string key) =>
        key.Length == 0 || key.StartsWith('/') || key.Split('/', '\\').Any(part => part is ".." or ".")
            ? throw new ArgumentException($"'{key}' is not a media key.", nameof(key))
            : key;

    private async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or >= 500 or 403)
        {
            throw new MediaStoreUnavailableException($"Blob storage ({_container.Uri.Host}:{_container.Uri.Port}) did not accept the request: {ex.Message}", ex);
        }
        catch (AggregateException ex)
        {
            throw new MediaStoreUnavailableException($"Blob storage ({_container.Uri.Host}:{_container.Uri.Port}) cannot be reached.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new MediaStoreUnavailableException($"Blob storage ({_container.Uri.Host}:{_container.Uri.Port}) cannot be reached.", ex);
        }
    }
}
