using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SiteCluster.Core.Identity;

namespace SiteCluster.Web.Admin.Pages.Site;

/// <summary>
/// The site's users and roles: everyone who reaches the site sees the list; a SiteAdmin (or
/// ClusterAdmin) adds an account or a role and removes roles, after confirming.
/// </summary>
public sealed class UsersPage(AdminContext admin, SiteMembers members, IStringLocalizer<AdminStrings> strings) : PageModel
{
    public sealed class GrantForm
    {
        public string? UserName { get; set; }

        public string? DisplayName { get; set; }

        public SiteRole Role { get; set; } = SiteRole.Editor;

        public string? Password { get; set; }
    }

    [BindProperty]
    public GrantForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SiteMember> Members { get; private set; } = [];

    public IReadOnlyList<SiteRole> Grantable => members.GrantableBy(admin.RequiredActor.Roles);

    public string Slug => admin.RequiredSite.Slug;

    public ConfirmPrompt? Confirm { get; private set; }

    public async Task OnGetAsync() => Members = await members.ListAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostGrantAsync()
    {
        if (Grantable.Count == 0)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        try
        {
            var member = await members.GrantAsync(admin.RequiredActor.Roles, Form.UserName, Form.Role, Form.Password, Form.DisplayName, HttpContext.RequestAborted);
            TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["RoleGranted"].Value, member.UserName, strings[$"Role_{member.Role}"]);
            return Redirect($"{Request.PathBase}/admin/{Slug}/users");
        }
        catch (SiteMemberException ex)
        {
            switch (ex.Problem)
            {
                case SiteMemberProblem.AccountRefused:
                    foreach (var error in ex.IdentityErrors)
                    {
                        var field = error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName";
                        var localized = strings[$"Identity_{error.Code}"];
                        var message = localized.ResourceNotFound ? error.Description : localized.Value;
                        Errors[field] = Errors.TryGetValue(field, out var earlier) ? $"{earlier}；{message}" : message;
                    }

                    break;
                case SiteMemberProblem.PasswordRequired:
                    Errors["password"] = strings["NewAccountNeedsPassword"];
                    break;
                case SiteMemberProblem.RoleNotAllowed:
                    Errors["role"] = strings["RoleNotAllowed"];
                    break;
                default:
                    Errors["userName"] = strings[$"SiteMember_{ex.Problem}"];
                    break;
            }
        }

        Form.Password = null;
        Members = await members.ListAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid membershipId, bool confirmed)
    {
        if (Grantable.Count == 0)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Members = await members.ListAsync(HttpContext.RequestAborted);
        var member = Members.FirstOrDefault(m => m.MembershipId == membershipId);
        if (member is null)
        {
            return NotFound();
        }

        if (!confirmed)
        {
            Confirm = new ConfirmPrompt(
                string.Format(CultureInfo.CurrentCulture, strings["RevokeQuestion"].Value, member.UserName, strings[$"Role_{member.Role}"]),
                strings["RevokeDetail"],
                "Revoke",
                new Dictionary<string, string> { ["membershipId"] = membershipId.ToString() },
                $"{Request.PathBase}/admin/{Slug}/users");
            return Page();
        }

        try
        {
            await members.RevokeAsync(admin.RequiredActor.Roles, membershipId, HttpContext.RequestAborted);
        }
        catch (SiteMemberException ex)
        {
            Errors["revoke"] = strings[ex.Problem == SiteMemberProblem.LastSiteAdmin ? "SiteMember_LastSiteAdmin" : "RoleNotAllowed"];
            return Page();
        }

        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, strings["RoleRevoked"].Value, member.UserName, strings[$"Role_{member.Role}"]);
        return Redirect($"{Request.PathBase}/admin/{Slug}/users");
    }
}
