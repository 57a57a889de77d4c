using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin.Pages;

/// <summary>统一登录: one account for every site the user works on; locked out after repeated failures.</summary>
public sealed class LoginPage(SignInManager<SiteUser> signIn, IStringLocalizer<AdminStrings> strings, ILogger<LoginPage> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = strings["LoginMissing"];
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {User} signed in to the admin", UserName);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/admin"));
        }

        if (result.RequiresTwoFactor)
        {
            return Redirect($"{Request.PathBase}/admin/login/two-factor?returnUrl={Uri.EscapeDataString(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/admin"))}");
        }

        logger.LogWarning("Failed admin sign-in for {User} (locked out: {LockedOut})", UserName, result.IsLockedOut);
        Error = result.IsLockedOut ? strings["LockedOut"] : strings["LoginFailed"];
        return Page();
    }
}
