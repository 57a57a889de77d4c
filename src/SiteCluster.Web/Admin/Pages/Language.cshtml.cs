using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace SiteCluster.Web.Admin.Pages;

/// <summary>The admin's language switch (中文 / English): a culture cookie for a year, then back to the page.</summary>
public sealed class LanguagePage(IOptions<RequestLocalizationOptions> localization) : PageModel
{
    public IActionResult OnGet() => Redirect($"{Request.PathBase}/admin");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var supported = localization.Value.SupportedUICultures?.FirstOrDefault(c => c.Name == culture);
        if (supported is not null)
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(supported)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : Url.Content("~/admin"));
    }
}
