namespace SiteCluster.Core.Crawling;

/// <summary>
/// What a site's robots.txt allows one crawler (RFC 9309): the group naming the crawler's
/// product token, else the <c>*</c> group; the longest matching <c>Allow</c> or <c>Disallow</c>
/// pattern decides (<c>*</c> matches anything, a final <c>$</c> anchors the end), and on a tie
/// <c>Allow</c> wins. <c>Crawl-delay</c> is read too, though the RFC leaves it out, because old
/// sites use it to ask for slower crawling.
/// </summary>
public sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string Pattern, bool Allow)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>Everything allowed: no robots.txt, or one that could not be read (4xx).</summary>
    public static RobotsRules AllowAll { get; } = new([], null);

    /// <summary>Nothing allowed: robots.txt answered with a server error (RFC 9309 §2.3.1.4).</summary>
    public static RobotsRules DisallowAll { get; } = new([("/", false)], null);

    public TimeSpan? CrawlDelay { get; }

    public static RobotsRules Parse(string text, string userAgent)
    {
        var product = userAgent.Split('/', ' ')[0].Trim().ToLowerInvariant();
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = new Group();
                    groups.Add(current);
                }

                current.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is null)
            {
                continue;
            }

            if (key is "allow" or "disallow" && value.Length > 0)
            {
                current.Rules.Add((Uri.UnescapeDataString(value), key == "allow"));
            }
            else if (key == "crawl-delay" && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                current.Delay = TimeSpan.FromSeconds(Math.Min(seconds, 60));
            }
        }

        var named = groups.Where(g => g.Agents.Any(a => a != "*" && product.Contains(a, StringComparison.Ordinal))).ToList();
        var chosen = named.Count > 0 ? named : [.. groups.Where(g => g.Agents.Contains("*"))];
        return new RobotsRules([.. chosen.SelectMany(g => g.Rules)], chosen.Select(g => g.Delay).FirstOrDefault(d => d is not null));
    }

    public bool IsAllowed(Uri url)
    {
        var path = Uri.UnescapeDataString(url.PathAndQuery);
        var best = -1;
        var allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (pattern.Length >= best && Matches(pattern, path) && (pattern.Length > best || allow))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = i == parts.Length - 1 && anchored
                ? (path.Length - parts[i].Length >= position && path.EndsWith(parts[i], StringComparison.Ordinal) ? path.Length - parts[i].Length : -1)
                : path.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return !anchored || position == path.Length;
    }

    private sealed class Group
    {
        public List<string> Agents { get; } = [];

        public List<(string Pattern, bool Allow)> Rules { get; } = [];

        public TimeSpan? Delay { get; set; }
    }
}
