using System.Text.RegularExpressions;

namespace SiteCluster.Core.Media;

/// <summary>
/// The site's own file addresses in rich text (<c>/media/{id}/{name}</c> inside an attribute),
/// found and rewritten in one place: a repost points them at its source site, a preview at the
/// admin, a detached copy at its copied files.
/// </summary>
public static partial class MediaLinks
{
    /// <summary>The ids of the files <paramref name="html"/> links to or shows.</summary>
    public static IEnumerable<Guid> In(string? html) =>
        html is null ? [] : Address().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value));

    /// <summary>Each file address replaced by what <paramref name="address"/> gives for its id and name (the name as written); null keeps it.</summary>
    public static string? Rewrite(string? html, Func<Guid, string, string?> address) =>
        html is null ? null : Address().Replace(html, m => address(Guid.Parse(m.Groups[1].Value), m.Groups[2].Value) ?? m.Value);

    [GeneratedRegex("(?<=[\"'])/media/([0-9a-fA-F-]{36})/([^\"']*)")]
    private static partial Regex Address();
}
