namespace SiteCluster.Core.Crawling;

/// <summary>
/// A saved mirror of a site (wget, HTTrack or a copy of the web root): an address's path is a
/// file under the folder; a folder address is its <c>index.html</c> (or <c>index.htm</c>,
/// <c>index.shtml</c>, <c>default.htm</c>…); a query is part of the file name, as wget saves it
/// (<c>show.asp?id=1</c>, or <c>show.asp@id=1</c> with Windows-safe names). Nothing outside the
/// folder is ever read.
/// </summary>
public sealed class FolderResourceSource : IResourceSource
{
    private static readonly string[] IndexNames = ["index.html", "index.htm", "index.shtml", "default.html", "default.htm", "index.asp", "default.asp", "index.php", "index.jsp"];

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".shtml"] = "text/html",
        [".asp"] = "text/html",
        [".aspx"] = "text/html",
        [".php"] = "text/html",
        [".jsp"] = "text/html",
        [".do"] = "text/html",
        [".txt"] = "text/plain",
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    private readonly string _root;

    public FolderResourceSource(string folder)
    {
        _root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"'{folder}' is not a folder.");
        }
    }

    public bool IsRemote => false;

    public async Task<CrawlResource> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (FileFor(url) is not { } file)
        {
            return CrawlResource.Failed(url, "not in the mirror", statusCode: 404) with { Error = null };
        }

        var content = await File.ReadAllBytesAsync(file, cancellationToken);
        var extension = Path.GetExtension(url.AbsolutePath.EndsWith('/') ? file : Uri.UnescapeDataString(url.AbsolutePath));
        var mediaType = MediaTypes.GetValueOrDefault(extension.Length == 0 ? Path.GetExtension(file) : extension);
        return new CrawlResource(url, url, 200, mediaType, null, content, 1);
    }

    /// <summary>The file an address maps to, or null when the mirror has none.</summary>
    public string? FileFor(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar)));
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        var query = url.Query.Length > 1 ? url.Query[1..] : null;
        if (query is not null)
        {
            return new[] { $"{full}?{query}", $"{full}@{query}", $"{full}?{Uri.UnescapeDataString(query)}" }.FirstOrDefault(File.Exists);
        }

        if (Directory.Exists(full))
        {
            return IndexNames.Select(name => Path.Combine(full, name)).FirstOrDefault(File.Exists);
        }

        return File.Exists(full) ? full : null;
    }
}
