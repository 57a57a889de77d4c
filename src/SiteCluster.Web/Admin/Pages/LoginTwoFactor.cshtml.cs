using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin.Pages;

/// <summary>
/// The second step of signing in for an account with two-factor sign-in: the six-digit code
/// of the authenticator app, or one of the account's one-time recovery codes. Wrong codes
/// count towards the same lockout as wrong passwords.
/// </summary>
public sealed class LoginTwoFactorPage(SignInManager<SiteUser> signIn, IStringLocalizer<AdminStrings> strings, ILogger<LoginTwoFactorPage> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect($"{Request.PathBase}/admin/login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect($"{Request.PathBase}/admin/login");
        }

        var code = new string([.. (Code ?? string.Empty).Where(c => !char.IsWhiteSpace(c))]);
        if (code.Length == 0)
        {
            Error = strings["TwoFactorCodeMissing"];
            return Page();
        }

        // Six digits come from the app; anything else is tried as a recovery code (used once).
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            logger.LogInformation("User {User} signed in to the admin with a second factor", user.UserName);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/admin"));
        }

        logger.LogWarning("Wrong second factor for {User} (locked out: {LockedOut})", user.UserName, result.IsLockedOut);
        Error = result.IsLockedOut ? strings["LockedOut"] : strings["TwoFactorCodeWrong"];
        return Page();
    }
}
