using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SiteCluster.Core.Data;
using SiteCluster.Core.Tenancy;

namespace SiteCluster.Core.Recipes.Steps;

/// <summary>
/// <c>sites</c>: creates or updates a tree of sites, keyed by slug. Children nest under
/// <c>children</c>; a top-level site may name an existing <c>parent</c>. Omitted optional
/// fields keep their stored value; <c>hosts</c>, when given, is the whole host list (the
/// first is primary).
/// </summary>
public sealed partial class SitesStep : RecipeStep<SitesStep.Data>
{
    public override string Name => "sites";

    public sealed class Data : RecipeStepData
    {
        public List<SiteDefinition>? Sites { get; set; }
    }

    public sealed class SiteDefinition
    {
        public string? Slug { get; set; }

        public string? Name { get; set; }

        public SiteLevel? Level { get; set; }

        public string? Parent { get; set; }

        public string? SiteCode { get; set; }

        public string? Organiser { get; set; }

        public List<string>? Hosts { get; set; }

        public string? IcpNumber { get; set; }

        public string? PublicSecurityNumber { get; set; }

        public string? OrganisationCode { get; set; }

        public string? Theme { get; set; }

        public ExpiredContentDisplay? ExpiredContent { get; set; }

        public SiteStatus? Status { get; set; }

        public List<SiteDefinition>? Children { get; set; }
    }

    private sealed record Flattened(SiteDefinition Site, string? ParentSlug, string Field, int SortOrder);

    protected override Task ValidateAsync(Data data, RecipeValidation validation, CancellationToken cancellationToken)
    {
        if (data.Sites is not { Count: > 0 })
        {
            validation.AddError("sites", "list at least one site");
            return Task.CompletedTask;
        }

        var hostOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var codeOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var known in validation.Sites.Values)
        {
            codeOwners[known.SiteCode] = known.Slug;
            foreach (var host in known.Hosts)
            {
                hostOwners[host] = known.Slug;
            }
        }

        var declaredHere = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (site, parentSlug, field, _) in Flatten(data.Sites))
        {
            ValidateSite(site, parentSlug, field, validation, declaredHere, hostOwners, codeOwners);
        }

        return Task.CompletedTask;
    }

    private static void ValidateSite(
        SiteDefinition site,
        string? parentSlug,
        string field,
        RecipeValidation validation,
        HashSet<string> declaredHere,
        Dictionary<string, string> hostOwners,
        Dictionary<string, string> codeOwners)
    {
        var slug = site.Slug?.Trim();
        if (string.IsNullOrEmpty(slug))
        {
            validation.AddError($"{field}.slug", "is required");
            return;
        }

        if (!SlugRegex().IsMatch(slug))
        {
            validation.AddError($"{field}.slug", "use 2–64 lower-case letters, digits and hyphens, starting with a letter or digit");
        }

        if (!declaredHere.Add(slug))
        {
            validation.AddError($"{field}.slug", $"site '{slug}' is declared twice in this step");
        }

        validation.Sites.TryGetValue(slug, out var stored);
        var isNew = stored is null;

        if (isNew ? string.IsNullOrWhiteSpace(site.Name) : site.Name is { } n && string.IsNullOrWhiteSpace(n))
        {
            validation.AddError($"{field}.name", "is required");
        }
        else if (site.Name is { Length: > 200 })
        {
            validation.AddError($"{field}.name", "is longer than 200 characters");
        }

        if (isNew && string.IsNullOrWhiteSpace(site.Organiser))
        {
            validation.AddError($"{field}.organiser", "is required (主办单位)");
        }

        var level = site.Level ?? stored?.Level;
        if (level is null)
        {
            validation.AddError($"{field}.level", $"is required; one of {string.Join(", ", Enum.GetNames<SiteLevel>())}");
        }

        if (site.Parent is not null && parentSlug is not null && !string.Equals(site.Parent, parentSlug, StringComparison.OrdinalIgnoreCase))
        {
            validation.AddError($"{field}.parent", $"is '{site.Parent}' but the site is nested under '{parentSlug}'");
        }

        var effectiveParent = parentSlug ?? site.Parent ?? (isNew ? null : stored!.ParentSlug);
        KnownSite? parent = null;
        if (effectiveParent is not null && !validation.Sites.TryGetValue(effectiveParent, out parent))
        {
            validation.AddError($"{field}.parent", $"site '{effectiveParent}' does not exist and is not declared before this one");
        }

        if (level is { } l && ParentRuleViolation(l, parent?.Level, effectiveParent is null) is { } violation)
        {
            validation.AddError($"{field}.level", violation);
        }

        var code = site.SiteCode?.Trim();
        if (isNew && string.IsNullOrEmpty(code))
        {
            validation.AddError($"{field}.siteCode", "is required (网站标识码)");
        }
        else if (code is not null)
        {
            if (!SiteCodeRegex().IsMatch(code))
            {
                validation.AddError($"{field}.siteCode", "must be 10 digits (6-digit division code + 4-digit serial) or 'bm' + 8 digits");
            }
            else if (codeOwners.TryGetValue(code, out var owner) && !string.Equals(owner, slug, StringComparison.OrdinalIgnoreCase))
            {
                validation.AddError($"{field}.siteCode", $"'{code}' already belongs to site '{owner}'");
            }
            else
            {
                codeOwners[code] = slug;
            }
        }

        if (site.Hosts is { } hosts)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < hosts.Count; i++)
            {
                var host = hosts[i]?.Trim() ?? string.Empty;
                if (!HostRegex().IsMatch(host))
                {
                    validation.AddError($"{field}.hosts[{i}]", $"'{host}' is not a host name (no scheme, port or path)");
                }
                else if (!seen.Add(host))
                {
                    validation.AddError($"{field}.hosts[{i}]", $"'{host}' is listed twice");
                }
                else if (hostOwners.TryGetValue(host, out var owner) && !string.Equals(owner, slug, StringComparison.OrdinalIgnoreCase))
                {
                    validation.AddError($"{field}.hosts[{i}]", $"'{host}' already belongs to site '{owner}'");
                }
                else
                {
                    hostOwners[host] = slug;
                }
            }
        }

        if (site.PublicSecurityNumber is { } psn && !PublicSecurityRegex().IsMatch(psn))
        {
            validation.AddError($"{field}.publicSecurityNumber", "must contain the 14-digit 公网安备 number");
        }

        if (site.OrganisationCode is { } org && !OrganisationCodeRegex().IsMatch(org))
        {
            validation.AddError($"{field}.organisationCode", "must be a 9-character organisation code or an 18-character unified social credit code (digits and capital letters)");
        }

        if (site.Theme is { } theme && !SlugRegex().IsMatch(theme))
        {
            validation.AddError($"{field}.theme", "use lower-case letters, digits and hyphens");
        }

        if (level is { } declaredLevel)
        {
            validation.Sites[slug] = new KnownSite(
                slug,
                declaredLevel,
                effectiveParent,
                code ?? stored?.SiteCode ?? string.Empty,
                site.Hosts ?? stored?.Hosts ?? []);
        }
    }

    /// <summary>Provinces are roots; cities sit under a province; counties under a city or province; departments under any region.</summary>
    private static string? ParentRuleViolation(SiteLevel level, SiteLevel? parentLevel, bool isRoot) => level switch
    {
        SiteLevel.Province when !isRoot => "a Province site has no parent",
        SiteLevel.City when parentLevel is not SiteLevel.Province => "a City site sits under a Province site",
        SiteLevel.County when parentLevel is not (SiteLevel.City or SiteLevel.Province) => "a County site sits under a City or Province site",
        SiteLevel.Department when parentLevel is null or SiteLevel.Department => "a Department site sits under a Province, City or County site",
        _ => null,
    };

    protected override async Task<(int Created, int Updated, int Unchanged)> ApplyAsync(
        Data data, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Db;
        var now = execution.Time.GetUtcNow();
        var bySlug = await db.Sites.Include(s => s.Hosts).ToDictionaryAsync(s => s.Slug, StringComparer.OrdinalIgnoreCase, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;

        foreach (var (definition, parentSlug, _, sortOrder) in Flatten(data.Sites!))
        {
            var slug = definition.Slug!.Trim();
            var parentKey = parentSlug ?? definition.Parent;
            if (!bySlug.TryGetValue(slug, out var site))
            {
                site = new Site
                {
                    Id = Guid.CreateVersion7(),
                    Slug = slug,
                    Name = definition.Name!.Trim(),
                    Level = definition.Level!.Value,
                    SiteCode = definition.SiteCode!.Trim(),
                    Organiser = definition.Organiser!.Trim(),
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                bySlug[slug] = site;
                db.Sites.Add(site);
                Assign(db, site, definition, parentKey is null ? null : bySlug[parentKey].Id, sortOrder);
                created++;
                continue;
            }

            var changed = Assign(db, site, definition, parentKey is null ? site.ParentId : bySlug[parentKey].Id, sortOrder);
            if (changed)
            {
                site.UpdatedAt = now;
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        return (created, updated, unchanged);
    }

    /// <summary>Copies the definition onto the site; true when anything differed.</summary>
    private static bool Assign(SiteClusterDbContext db, Site site, SiteDefinition definition, Guid? parentId, int sortOrder)
    {
        var changed = false;
        void Set<T>(T current, T value, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                assign(value);
                changed = true;
            }
        }

        Set(site.Name, definition.Name?.Trim() ?? site.Name, v => site.Name = v);
        Set(site.Level, definition.Level ?? site.Level, v => site.Level = v);
        Set(site.ParentId, parentId, v => site.ParentId = v);
        Set(site.SiteCode, definition.SiteCode?.Trim() ?? site.SiteCode, v => site.SiteCode = v);
        Set(site.Organiser, definition.Organiser?.Trim() ?? site.Organiser, v => site.Organiser = v);
        Set(site.IcpNumber, definition.IcpNumber?.Trim() ?? site.IcpNumber, v => site.IcpNumber = v);
        Set(site.PublicSecurityNumber, definition.PublicSecurityNumber?.Trim() ?? site.PublicSecurityNumber, v => site.PublicSecurityNumber = v);
        Set(site.OrganisationCode, definition.OrganisationCode?.Trim() ?? site.OrganisationCode, v => site.OrganisationCode = v);
        Set(site.Theme, definition.Theme ?? site.Theme, v => site.Theme = v);
        Set(site.Status, definition.Status ?? site.Status, v => site.Status = v);
        Set(site.ExpiredContent, definition.ExpiredContent ?? site.ExpiredContent, v => site.ExpiredContent = v);
        Set(site.SortOrder, sortOrder, v => site.SortOrder = v);

        if (definition.Hosts is { } hosts)
        {
            var wanted = hosts.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var current = site.Hosts.OrderByDescending(h => h.IsPrimary).ThenBy(h => h.HostName, StringComparer.Ordinal).Select(h => h.HostName);
            var target = wanted.Take(1).Concat(wanted.Skip(1).Order(StringComparer.Ordinal));
            if (!current.SequenceEqual(target))
            {
                site.Hosts.RemoveAll(h => !wanted.Contains(h.HostName));
                foreach (var name in wanted.Where(w => site.Hosts.All(h => h.HostName != w)))
                {
                    // Added through the context: a new row with its key already set would
                    // otherwise be taken for an existing one and updated (affecting no rows).
                    var host = new SiteHost { Id = Guid.CreateVersion7(), SiteId = site.Id, HostName = name };
                    db.SiteHosts.Add(host);
                    site.Hosts.Add(host);
                }

                foreach (var host in site.Hosts)
                {
                    host.IsPrimary = host.HostName == wanted[0];
                }

                changed = true;
            }
        }

        return changed;
    }

    private static IEnumerable<Flattened> Flatten(List<SiteDefinition> sites)
    {
        var stack = new Stack<Flattened>();
        for (var i = sites.Count - 1; i >= 0; i--)
        {
            stack.Push(new Flattened(sites[i], null, $"sites[{i}]", i));
        }

        while (stack.Count > 0)
        {
            var item = stack.Pop();
            yield return item;
            var children = item.Site.Children ?? [];
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(new Flattened(children[i], item.Site.Slug?.Trim(), $"{item.Field}.children[{i}]", i));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugRegex();

    [GeneratedRegex(@"^(\d{10}|bm\d{8})$")]
    private static partial Regex SiteCodeRegex();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex HostRegex();

    [GeneratedRegex("^([0-9A-Z]{9}|[0-9A-Z]{18})$")]
    private static partial Regex OrganisationCodeRegex();

    [GeneratedRegex(@"\d{14}")]
    private static partial Regex PublicSecurityRegex();
}
