namespace SiteCluster.Core.Interaction;

/// <summary>
/// What a submitted form got wrong, field by field (each form shows the error next to its
/// field): required and optional text trimmed and held to a length, and any other refusal; thrown
/// together as one <see cref="InteractionException"/> so that nothing is saved.
/// </summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string> _errors = [];

    /// <summary>The trimmed value; empty, with an error, when nothing was given.</summary>
    public string Required(string field, string? value, int max)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            _errors[field] = CoreText.Get("Application_Required");
        }
        else if (value.Length > max)
        {
            _errors[field] = CoreText.Format("Application_TooLong", max);
        }

        return value ?? string.Empty;
    }

    /// <summary>The trimmed value, or null when only white space was given.</summary>
    public string? Optional(string field, string? value, int max)
    {
        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (value?.Length > max)
        {
            _errors[field] = CoreText.Format("Application_TooLong", max);
        }

        return value;
    }

    public void Add(string field, string error) => _errors[field] = error;

    /// <summary>Refuses the form with <paramref name="message"/> when any field is wrong.</summary>
    public void ThrowIfAny(string message)
    {
        if (_errors.Count > 0)
        {
            throw new InteractionException(message, _errors);
        }
    }
}
