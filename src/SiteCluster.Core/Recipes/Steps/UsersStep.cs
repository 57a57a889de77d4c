using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Identity;

namespace SiteCluster.Core.Recipes.Steps;

/// <summary>
/// <c>users</c>: creates accounts and ensures their memberships, keyed by user name. A
/// password is set only when the account is created; write it as <c>env:NAME</c> to read it
/// from an environment variable, so recipes carry no secrets. Memberships listed are added
/// when missing; others are left alone.
/// </summary>
public sealed partial class UsersStep(UserManager<SiteUser> userManager) : RecipeStep<UsersStep.Data>
{
    public override string Name => "users";

    public sealed class Data : RecipeStepData
    {
        public List<UserDefinition>? Users { get; set; }
    }

    public sealed class UserDefinition
    {
        public string? UserName { get; set; }

        public string? Email { get; set; }

        public string? DisplayName { get; set; }

        public string? Password { get; set; }

        public List<MembershipDefinition>? Memberships { get; set; }
    }

    public sealed class MembershipDefinition
    {
        public string? Site { get; set; }

        public SiteRole? Role { get; set; }
    }

    protected override async Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (data.Users is not { Count: > 0 })
        {
            validation.AddError("users", "list at least one user");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < data.Users.Count; i++)
        {
            var user = data.Users[i];
            var field = $"users[{i}]";
            if (string.IsNullOrWhiteSpace(user.UserName) || !UserNameRegex().IsMatch(user.UserName))
            {
                validation.AddError($"{field}.userName", "use 3–64 letters, digits or . _ @ -");
            }
            else if (!seen.Add(user.UserName))
            {
                validation.AddError($"{field}.userName", $"'{user.UserName}' is listed twice");
            }

            if (user.Email is { } email && !EmailRegex().IsMatch(email))
            {
                validation.AddError($"{field}.email", $"'{email}' is not an e-mail address");
            }

            if (user.Password is not null)
            {
                await ValidatePasswordAsync(user.Password, $"{field}.password", validation);
            }

            var memberships = user.Memberships ?? [];
            for (var j = 0; j < memberships.Count; j++)
            {
                var membership = memberships[j];
                var mField = $"{field}.memberships[{j}]";
                if (membership.Role is null)
                {
                    validation.AddError($"{mField}.role", $"is required; one of {string.Join(", ", Enum.GetNames<SiteRole>())}");
                }

                if (string.IsNullOrWhiteSpace(membership.Site) || !validation.Sites.TryGetValue(membership.Site, out var site))
                {
                    validation.AddError($"{mField}.site", $"site '{membership.Site}' does not exist and is not declared before this step");
                }
                else if (membership.Role == SiteRole.ClusterAdmin && site.ParentSlug is not null)
                {
                    validation.AddError($"{mField}.role", "ClusterAdmin is held on the root (provincial) site");
                }
            }
        }
    }

    private async Task ValidatePasswordAsync(string value, string field, RecipeValidation validation)
    {
        var password = ResolvePassword(value);
        if (password is null)
        {
            validation.AddError(field, $"environment variable '{value[4..]}' is not set");
            return;
        }

        foreach (var validator in userManager.PasswordValidators)
        {
            var result = await validator.ValidateAsync(userManager, new SiteUser(), password);
            if (!result.Succeeded)
            {
                validation.AddError(field, string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
    }

    private static string? ResolvePassword(string value) =>
        value.StartsWith("env:", StringComparison.Ordinal) ? Environment.GetEnvironmentVariable(value[4..]) : value;

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(
        Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var siteIds = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Slug, s => s.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var definition in data.Users!)
        {
            var user = await userManager.FindByNameAsync(definition.UserName!);
            var isNew = user is null;
            var changed = false;
            if (user is null)
            {
                user = new SiteUser
                {
                    Id = Guid.CreateVersion7(),
                    UserName = definition.UserName,
                    Email = definition.Email,
                    DisplayName = definition.DisplayName,
                };
                var result = definition.Password is { } p
                    ? await userManager.CreateAsync(user, ResolvePassword(p)!)
                    : await userManager.CreateAsync(user);
                ThrowIfFailed(result, definition.UserName!);
            }
            else if ((definition.Email is not null && definition.Email != user.Email)
                     || (definition.DisplayName is not null && definition.DisplayName != user.DisplayName))
            {
                user.Email = definition.Email ?? user.Email;
                user.DisplayName = definition.DisplayName ?? user.DisplayName;
                ThrowIfFailed(await userManager.UpdateAsync(user), definition.UserName!);
                changed = true;
            }

            var existing = await db.Memberships.Where(m => m.UserId == user.Id)
                .Select(m => new { m.TenantId, m.Role }).ToListAsync(cancellationToken);
            foreach (var membership in definition.Memberships ?? [])
            {
                var tenantId = siteIds[membership.Site!];
                if (!existing.Any(m => m.TenantId == tenantId && m.Role == membership.Role))
                {
                    db.Memberships.Add(new Membership
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = tenantId,
                        UserId = user.Id,
                        Role = membership.Role!.Value,
                        CreatedAt = execution.Time.GetUtcNow(),
                    });
                    changed = true;
                }
            }

            if (isNew)
            {
                created++;
            }
            else if (changed)
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        return (created, updated, unchanged);
    }

    private static void ThrowIfFailed(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"user '{userName}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNameRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailRegex();
}
