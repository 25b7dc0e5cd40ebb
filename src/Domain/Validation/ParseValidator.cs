using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.Validation;

/// <summary>
/// The stateless entry point the workspace grain called before validation was complete; it now runs the whole
/// of context-repo-format §5. A workspace should hold a <see cref="RepositoryValidator"/> instead, so that
/// runs after an edit are incremental.
/// </summary>
public static class ParseValidator
{
    public static ValidationReport Validate(IRepositorySnapshot snapshot) => RepositoryValidator.ValidateSnapshot(snapshot);
}
