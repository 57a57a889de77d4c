using Microsoft.AspNetCore.Mvc;

namespace SiteCluster.Web.Public;

/// <summary>
/// 适老化 and accessibility display modes, chosen by the reader and kept in a cookie for a year:
/// large text (大字) and high contrast (高对比度), each on or off. Plain links switch them, so
/// they work without JavaScript; cached pages vary by the cookie.
/// </summary>
public sealed class DisplayModes
{
    public const string CookieName = "sc-display";

    public bool LargeText { get; private init; }

    public bool HighContrast { get; private init; }

    public static DisplayModes Of(HttpContext context)
    {
        var value = context.Request.Cookies[CookieName] ?? string.Empty;
        return new DisplayModes { LargeText = value.Contains("large", StringComparison.Ordinal), HighContrast = value.Contains("contrast", StringComparison.Ordinal) };
    }

    /// <summary>The addresses that flip large text and high contrast and come back to this page.</summary>
    public static (string LargeText, string HighContrast) ToggleUrls(HttpContext context)
    {
        var request = context.Request;
        var back = Uri.EscapeDataString($"{request.PathBase}{request.Path}{request.QueryString}");
        return ($"{request.PathBase}/display?toggle=large&returnUrl={back}", $"{request.PathBase}/display?toggle=contrast&returnUrl={back}");
    }

    public string CookieValue => string.Join(',', new[] { LargeText ? "large" : null, HighContrast ? "contrast" : null }.OfType<string>());

    public DisplayModes Toggled(string? mode) => mode switch
    {
        "large" => new DisplayModes { LargeText = !LargeText, HighContrast = HighContrast },
        "contrast" => new DisplayModes { LargeText = LargeText, HighContrast = !HighContrast },
        _ => this,
    };
}

/// <summary>Switches a display mode and goes back to the page the reader was on.</summary>
public sealed class DisplayController : Controller
{
    [HttpGet("/display")]
    public IActionResult Toggle(string? toggle, string? returnUrl)
    {
        var modes = DisplayModes.Of(HttpContext).Toggled(toggle);
        if (modes.CookieValue.Length == 0)
        {
            Response.Cookies.Delete(DisplayModes.CookieName);
        }
        else
        {
            Response.Cookies.Append(DisplayModes.CookieName, modes.CookieValue, new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
            });
        }

        Response.Headers.CacheControl = "no-store";
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : $"{Request.PathBase}/");
    }
}
