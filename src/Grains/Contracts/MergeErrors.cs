namespace ContextKit.Grains.Contracts;

/// <summary>A merge met conflicts that no resolution settled; nothing was changed.</summary>
[GenerateSerializer, Alias("ck.merge-conflict-error")]
public sealed class MergeConflictException(string message, IReadOnlyList<MergeConflict> conflicts) : ContextKitException(message)
{
    [Id(0)] public IReadOnlyList<MergeConflict> Conflicts { get; } = conflicts;

    public override string Code => "merge-conflict";
}

/// <summary>A merge would overwrite uncommitted changes of the target's working tree; nothing was changed.</summary>
[GenerateSerializer, Alias("ck.uncommitted-changes")]
public sealed class UncommittedChangesException(string message, IReadOnlyList<string> paths) : ContextKitException(message)
{
    [Id(0)] public IReadOnlyList<string> Paths { get; } = paths;

    public override string Code => "uncommitted-changes";
}

/// <summary>The branch is protected: it changes only through pull requests.</summary>
[GenerateSerializer, Alias("ck.branch-protected")]
public sealed class BranchProtectedException(string message) : ContextKitException(message)
{
    public override string Code => "branch-protected";
}

/// <summary>A pull request into a protected branch whose source does not validate.</summary>
[GenerateSerializer, Alias("ck.validation-failed")]
public sealed class ValidationFailedException(string message, int totalErrors) : ContextKitException(message)
{
    [Id(0)] public int TotalErrors { get; } = totalErrors;

    public override string Code => "validation-failed";
}
