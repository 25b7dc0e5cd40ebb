using System.Globalization;

namespace ContextKit.Domain.Collaboration;

/// <summary>Why a text operation was refused.</summary>
public enum TextOperationError
{
    /// <summary>Not a well-formed operation: bad JSON shape, a zero or negative count, an unpaired surrogate in an insert.</summary>
    Malformed,

    /// <summary>Too many components or too much inserted text (see <see cref="TextOperationLimits"/>).</summary>
    LimitExceeded,

    /// <summary>The operation does not span the document it is applied to (it reaches past the end, or stops short).</summary>
    LengthMismatch,

    /// <summary>A retain, delete or insert boundary falls between the two halves of a surrogate pair.</summary>
    SplitsSurrogatePair,
}

/// <summary>A text operation could not be parsed, combined or applied. Nothing was changed.</summary>
public sealed class TextOperationException(TextOperationError error, string message) : InvalidOperationException(message)
{
    public TextOperationError Error { get; } = error;
}

/// <summary>Whether an edit's base version is newer than the server's or older than the history it keeps.</summary>
public enum DocumentVersionProblem
{
    /// <summary>The client claims a version the server has not produced yet.</summary>
    Future,

    /// <summary>The version is older than the window of recent operations; the client must reload the document.</summary>
    Stale,
}

/// <summary>An edit named a version the server cannot transform from. Nothing was changed.</summary>
public sealed class DocumentVersionException(DocumentVersionProblem problem, long baseVersion, long currentVersion, long oldestVersion)
    : InvalidOperationException(problem == DocumentVersionProblem.Future
        ? $"The edit is based on version {baseVersion}, but the document is only at version {currentVersion}."
        : $"The edit is based on version {baseVersion}, which is too stale (the server keeps versions {oldestVersion} to {currentVersion}); reload the document.")
{
    public DocumentVersionProblem Problem { get; } = problem;
    public long BaseVersion { get; } = baseVersion;
    public long CurrentVersion { get; } = currentVersion;
    public long OldestVersion { get; } = oldestVersion;
}

/// <summary>An edit would grow the document past <see cref="DocumentLimits.MaxDocumentLength"/>. Nothing was changed.</summary>
public sealed class DocumentTooLargeException(int length, int maxLength)
    : InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
        $"The edit would make the document {length:N0} UTF-16 code units long; the limit for a live-edited document is {maxLength:N0}."))
{
    public int Length { get; } = length;
    public int MaxLength { get; } = maxLength;
}
