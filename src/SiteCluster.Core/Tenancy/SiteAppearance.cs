using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SiteCluster.Core.Tenancy;

/// <summary>A named link of a home page's 快捷入口 block.</summary>
public sealed record QuickLink(string Name, string Url);

/// <summary>
/// How a site looks, set by its administrator without code: the theme's colour (a preset, or a
/// colour of their own that keeps white text readable), the emblem or logo and the banner (images
/// of the site's media library), the columns whose newest items the home page shows as blocks,
/// and the home page's quick links.
/// </summary>
public sealed record SiteAppearance
{
    /// <summary>Home blocks when a site has chosen none: 通知公告, 政策文件, 政策解读, 工作动态.</summary>
    public static readonly IReadOnlyList<string> DefaultHomeColumns = ["04", "02", "03", "05"];

    public static readonly SiteAppearance Default = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The site's own main colour, <c>#rrggbb</c>; null for the theme's.</summary>
    public string? Color { get; init; }

    public Guid? LogoMediaId { get; init; }

    public Guid? BannerMediaId { get; init; }

    /// <summary>Catalogue codes of the columns shown as home blocks, in order; null for <see cref="DefaultHomeColumns"/>.</summary>
    public IReadOnlyList<string>? HomeColumns { get; init; }

    public IReadOnlyList<QuickLink> QuickLinks { get; init; } = [];

    public IReadOnlyList<string> EffectiveHomeColumns => HomeColumns ?? DefaultHomeColumns;

    public static SiteAppearance Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Default : JsonSerializer.Deserialize<SiteAppearance>(json, Json) ?? Default;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Whether white text on <paramref name="color"/> (<c>#rrggbb</c>) has the WCAG AA contrast of
    /// 4.5:1, as the header's text needs.
    /// </summary>
    public static bool IsReadableUnderWhiteText(string color)
    {
        if (color.Length != 7 || color[0] != '#' || !int.TryParse(color.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return false;
        }

        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel((rgb >> 16) & 0xff)) + (0.7152 * Channel((rgb >> 8) & 0xff)) + (0.0722 * Channel(rgb & 0xff));
        return 1.05 / (luminance + 0.05) >= 4.5;
    }
}
