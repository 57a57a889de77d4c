using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using QRCoder;
using SiteCluster.Core;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin.Pages.Account;

/// <summary>
/// 双因素认证 for the signed-in user: set it up with an authenticator app (a QR code and the
/// key typed by hand), get ten one-time recovery codes, make new ones, or turn it off
/// (refused for a ClusterAdmin while the cluster requires it).
/// </summary>
public sealed class TwoFactorPage(
    UserManager<SiteUser> users,
    SignInManager<SiteUser> signIn,
    AdminContext admin,
    IOptions<SiteClusterOptions> options,
    IStringLocalizer<AdminStrings> strings,
    ILogger<TwoFactorPage> logger) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    /// <summary>The authenticator key in groups of four, for typing into an app by hand.</summary>
    public string? Key { get; private set; }

    /// <summary>The QR code of the <c>otpauth://</c> address, as an SVG data address.</summary>
    public string? QrCode { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public int RecoveryCodesLeft { get; private set; }

    public string? Error { get; private set; }

    public ConfirmPrompt? Confirm { get; private set; }

    /// <summary>A ClusterAdmin may not turn it off while the cluster requires it.</summary>
    public bool MayDisable => !(admin.RequiredUser.IsClusterAdmin && options.Value.Admin.RequireTwoFactorForClusterAdmin);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        var code = new string([.. (Code ?? string.Empty).Where(char.IsAsciiDigit)]);
        if (Enabled || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = strings["TwoFactorCodeWrong"];
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {User} turned on two-factor sign-in", user.UserName);
        await LoadAsync();
        TempData["Message"] = strings["TwoFactorEnabledMessage"].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (!Enabled)
        {
            return Redirect($"{Request.PathBase}/admin/account/two-factor");
        }

        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        logger.LogInformation("User {User} made new recovery codes", user.UserName);
        RecoveryCodesLeft = RecoveryCodes.Count;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(bool confirmed)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (!MayDisable)
        {
            Error = strings["TwoFactorRequired"];
            return Page();
        }

        if (!confirmed)
        {
            Confirm = new ConfirmPrompt(strings["TwoFactorDisableQuestion"], strings["TwoFactorDisableDetail"], "Disable", new Dictionary<string, string>(), $"{Request.PathBase}/admin/account/two-factor");
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {User} turned off two-factor sign-in", user.UserName);
        TempData["Message"] = strings["TwoFactorDisabledMessage"].Value;
        return Redirect($"{Request.PathBase}/admin/account/two-factor");
    }

    private async Task<SiteUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }

            Key = Grouped(key!);
            var issuer = strings["AuthenticatorIssuer"].Value;
            var address = string.Format(
                CultureInfo.InvariantCulture,
                "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
                Uri.EscapeDataString(issuer),
                Uri.EscapeDataString(user.UserName!),
                key);
            using var data = QRCodeGenerator.GenerateQrCode(address, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(4);
            QrCode = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
        }

        return user;
    }

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
