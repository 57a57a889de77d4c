using SiteCluster.Core.Content.Types;

namespace SiteCluster.Core.Content.Items;

/// <summary>The item cannot be saved, submitted or published as it is; each problem names its field.</summary>
public sealed class ContentValidationException(IReadOnlyList<ContentProblem> problems)
    : Exception(CoreText.Format("ContentRefused", string.Join(CoreText.Get("ListSeparator"), problems.Select(p => p.ToString()))))
{
    public IReadOnlyList<ContentProblem> Problems { get; } = problems;

    public bool HasPersonalData => Problems.Any(p => p.Kind == ContentProblemKind.PersonalData);
}

/// <summary>The actor's roles on this site do not allow the action.</summary>
public sealed class ContentPermissionException(string message) : Exception(message);

/// <summary>The action does not apply to the item in its present state (for example approving what nobody submitted).</summary>
public sealed class ContentStateException(string message) : Exception(message);

/// <summary>Someone saved the item since the editor opened it.</summary>
public sealed class ContentConflictException(int expected, int current)
    : Exception(CoreText.Format("EditConflict", current, expected))
{
    public int CurrentVersion { get; } = current;
}
