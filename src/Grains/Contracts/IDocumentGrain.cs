namespace ContextKit.Grains.Contracts;

/// <summary>
/// A live editing session of one text file on one branch: the text, its version and the recent operations.
/// Concurrent edits are transformed here so every participant converges; the text is saved through the
/// branch's workspace. Keyed by <see cref="DocumentKey"/>. Callers check roles first.
/// </summary>
[Alias("ck.IDocumentGrain")]
public interface IDocumentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Joins the session as <paramref name="connection"/> (a hub connection or UI circuit; one person may have several);
    /// the answer is the text and the version edits are made against. Opening again on one connection is harmless.
    /// </summary>
    [Alias("Open")]
    Task<DocumentSnapshot> Open(Actor actor, string connection);

    /// <summary>
    /// Applies an edit (operations as JSON, UTF-16 units) made against <paramref name="baseVersion"/>: it is
    /// transformed against what happened since, applied, broadcast as <c>DocumentChanged</c>; returns the new version.
    /// </summary>
    [Alias("Edit")]
    Task<long> Edit(long baseVersion, string operationsJson, Actor actor);

    /// <summary>Leaves the session (also when the connection vanished); the last one to leave saves the text.</summary>
    [Alias("Close")]
    Task Close(string connection);

    /// <summary>
    /// The current version and the edits applied after <paramref name="version"/> that are still kept (the last 1,000):
    /// how a node that missed broadcasts hands them over. When older ones are gone, the first edit is not
    /// <paramref name="version"/> + 1 and participants reopen the document.
    /// </summary>
    [Alias("EditsSince")]
    Task<DocumentEdits> EditsSince(long version);

    /// <summary>The file was written by another route (REST, a merge): fold it into the session as an edit.</summary>
    [Alias("FileChanged"), Orleans.Concurrency.OneWay]
    Task FileChanged();
}

/// <summary>Document keys: <c>{repo}/{branch}:{path}</c>. A branch name cannot hold ':', so the first ':' after the repository ends it.</summary>
public static class DocumentKey
{
    public static string For(string repositoryId, string branch, string path) => $"{repositoryId}/{branch}:{path}";

    public static (string RepositoryId, string Branch, string Path) Parse(string key)
    {
        var slash = key.IndexOf('/');
        var colon = key.IndexOf(':', slash + 1);
        return (key[..slash], key[(slash + 1)..colon], key[(colon + 1)..]);
    }
}

[GenerateSerializer, Immutable, Alias("ck.document-snapshot")]
public sealed record DocumentSnapshot([property: Id(0)] string Text, [property: Id(1)] long Version);

/// <summary>One applied edit as broadcast to the session's participants (carried on the repository's stream, unnumbered).</summary>
[GenerateSerializer, Immutable, Alias("ck.document-edit")]
public sealed record DocumentEdit([property: Id(0)] string Path, [property: Id(1)] long Version, [property: Id(2)] string OperationsJson);

/// <summary>A document's current version and edits after a given one (see <see cref="IDocumentGrain.EditsSince"/>).</summary>
[GenerateSerializer, Immutable, Alias("ck.document-edits")]
public sealed record DocumentEdits([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<ChangeEvent> Edits);
