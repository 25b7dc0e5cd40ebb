namespace ContextKit.Grains.Contracts;

/// <summary>
/// The typed failures that cross grain calls. Each maps to one problem-details answer in the API
/// (see <c>ContextKit.Api.Errors</c>); messages are written for the person who asked, and never
/// carry server paths.
/// </summary>
[GenerateSerializer, Alias("ck.error")]
public abstract class ContextKitException : Exception
{
    protected ContextKitException(string message) : base(message) { }

    /// <summary>A stable machine-readable code, e.g. <c>not-found</c>.</summary>
    public abstract string Code { get; }
}

/// <summary>The thing asked for does not exist, or the caller may not know that it does.</summary>
[GenerateSerializer, Alias("ck.not-found")]
public sealed class NotFoundException(string message) : ContextKitException(message)
{
    public override string Code => "not-found";
}

/// <summary>The caller is known but their role does not allow this.</summary>
[GenerateSerializer, Alias("ck.access-denied")]
public sealed class AccessDeniedException(string message) : ContextKitException(message)
{
    public override string Code => "access-denied";
}

/// <summary>The request itself is wrong (a bad path, a bad name, a malformed body).</summary>
[GenerateSerializer, Alias("ck.bad-request")]
public sealed class BadRequestException(string message) : ContextKitException(message)
{
    public override string Code => "bad-request";
}

/// <summary>The request clashes with the current state (a name taken, a file that already exists).</summary>
[GenerateSerializer, Alias("ck.conflict")]
public sealed class ConflictException(string message) : ContextKitException(message)
{
    public override string Code => "conflict";
}

/// <summary>A write named a version of a file that is no longer the current one.</summary>
[GenerateSerializer, Alias("ck.revision-conflict")]
public sealed class RevisionConflictException(string message, string? currentETag) : ContextKitException(message)
{
    /// <summary>The version the file has now, or null when it no longer exists.</summary>
    [Id(0)] public string? CurrentETag { get; } = currentETag;

    public override string Code => "revision-conflict";
}

/// <summary>The repository on disk cannot be used right now (held by another activation or operation).</summary>
[GenerateSerializer, Alias("ck.unavailable")]
public sealed class RepositoryUnavailableException(string message) : ContextKitException(message)
{
    public override string Code => "repository-unavailable";
}

/// <summary>A repository path that is not acceptable (climbs out, absolute, inside .git...).</summary>
[GenerateSerializer, Alias("ck.invalid-path")]
public sealed class InvalidRepositoryPathException(string message) : ContextKitException(message)
{
    public override string Code => "invalid-path";
}

/// <summary>
/// The repository's git data on disk is damaged (unreadable objects, a garbled HEAD or ref). Only this
/// repository is affected; an administrator repairs or restores it from a backup.
/// </summary>
[GenerateSerializer, Alias("ck.repository-corrupt")]
public sealed class RepositoryCorruptException(string message) : ContextKitException(message)
{
    public const string DefaultMessage = "The repository's git data is damaged and cannot be read; an administrator needs to repair or restore it. Other repositories are not affected.";

    public RepositoryCorruptException() : this(DefaultMessage) { }

    public override string Code => "repository-corrupt";
}
