using ContextKit.Domain.C4;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Prompts;
using ContextKit.Domain.Validation;

namespace ContextKit.Grains.Contracts;

/// <summary>
/// One branch of one repository: its working tree on disk, shared by everyone on that branch. Every
/// file and git operation on the branch is serialised here. Keyed by <c>{repositoryId}/{branch}</c>
/// (see <see cref="WorkspaceKey"/>). Callers check roles through <see cref="IRepositoryGrain"/> first.
/// </summary>
[Alias("ck.IWorkspaceGrain")]
public interface IWorkspaceGrain : IGrainWithStringKey, IWorkspaceMerging
{
    /// <summary>Files and folders directly below <paramref name="path"/> ("" for the root).</summary>
    [Alias("ListTree"), SafeToRepeat]
    Task<IReadOnlyList<TreeEntry>> ListTree(string path);

    /// <summary>The file's bytes and version; <see cref="NotFoundException"/> when absent.</summary>
    [Alias("ReadFile"), SafeToRepeat]
    Task<FileContent> ReadFile(string path);

    /// <summary>
    /// Writes a file in the working tree. <paramref name="condition"/> says which version the caller
    /// saw; a stale one is refused with <see cref="RevisionConflictException"/> and nothing is written.
    /// </summary>
    [Alias("WriteFile")]
    Task<FileWriteResult> WriteFile(string path, byte[] content, WriteCondition condition, Actor actor);

    [Alias("DeleteFile")]
    Task DeleteFile(string path, string? ifMatch, Actor actor);

    [Alias("GetStatus"), SafeToRepeat]
    Task<GitStatus> GetStatus();

    /// <summary>Commits the working changes (all, or only <paramref name="paths"/>) as <paramref name="actor"/>.</summary>
    [Alias("Commit")]
    Task<CommitInfo> Commit(string message, IReadOnlyList<string>? paths, Actor actor);

    /// <summary>
    /// The unified diff and per-file hunks: the working tree against HEAD, or between two revisions
    /// (<paramref name="from"/>, <paramref name="to"/>), optionally of one path.
    /// </summary>
    [Alias("GetDiff"), SafeToRepeat]
    Task<GitDiff> GetDiff(string? path, string? from, string? to);

    /// <summary>Drops the working changes of these paths: modified and deleted files come back from HEAD, added ones go.</summary>
    [Alias("Discard")]
    Task<IReadOnlyList<string>> Discard(IReadOnlyList<string> paths, Actor actor);

    [Alias("GetLog"), SafeToRepeat]
    Task<IReadOnlyList<CommitInfo>> GetLog(string? path, int limit);

    /// <summary>
    /// Moves the branch forward to <paramref name="commit"/> (already in the repository, e.g. fetched from the
    /// remote) when that only adds commits; diverged histories are refused, never merged.
    /// </summary>
    [Alias("FastForward")]
    Task<SyncResult> FastForward(string commit, Actor actor);

    [Alias("Validate"), SafeToRepeat]
    Task<ValidationReport> Validate();

    /// <summary>The branch's entities matching <paramref name="query"/>, in type then path order.</summary>
    [Alias("ListEntities"), SafeToRepeat]
    Task<IReadOnlyList<EntitySummary>> ListEntities(EntityQuery query);

    /// <summary>One entity; <see cref="NotFoundException"/> when no entity has this id.</summary>
    [Alias("GetEntity"), SafeToRepeat]
    Task<EntityDocument> GetEntity(string id);

    /// <summary>The builder templates of the branch (its own, else the shipped ones).</summary>
    [Alias("GetEntityTemplates"), SafeToRepeat]
    Task<EntityTemplates> GetEntityTemplates();

    /// <summary>
    /// Writes a new entity file <c>contexts/&lt;folder&gt;/&lt;id&gt;-&lt;slug&gt;.yaml</c> with <paramref name="id"/>
    /// (allocated by the repository) and the data (JSON), optionally from a builder template. An existing
    /// file or id is a <see cref="ConflictException"/>, never an overwrite.
    /// </summary>
    [Alias("CreateEntity")]
    Task<EntityWriteResult> CreateEntity(string type, string id, string dataJson, string? template, Actor actor);

    /// <summary>
    /// Saves an entity from its data (JSON): only the fields that changed are rewritten, comments, order and
    /// formatting of the rest stay. <paramref name="ifMatch"/> is the file version the caller saw.
    /// </summary>
    [Alias("UpdateEntity")]
    Task<EntityWriteResult> UpdateEntity(string id, string dataJson, string ifMatch, Actor actor);

    [Alias("DeleteEntity")]
    Task DeleteEntity(string id, string ifMatch, Actor actor);

    /// <summary>The dependency graph (§6); with <paramref name="centre"/>, only the entities within <paramref name="depth"/> hops of it.</summary>
    [Alias("GetGraph"), SafeToRepeat]
    Task<GraphView> GetGraph(string? centre, int depth);

    /// <summary>What a change to the given entities touches (§7), against <c>request.Base</c>.</summary>
    [Alias("AnalyzeImpact"), SafeToRepeat]
    Task<ImpactReport> AnalyzeImpact(ImpactRequest request);

    /// <summary>Renders prompts for the entities (§8) and writes them to <c>generated/prompts/</c>.</summary>
    [Alias("GeneratePrompts")]
    Task<PromptReport> GeneratePrompts(IReadOnlyList<string> ids, Actor actor);

    /// <summary>The C4 diagrams (§10): all of them, or one by name (its path under <c>c4/</c> without extension).</summary>
    [Alias("GetC4"), SafeToRepeat]
    Task<C4Report> GetC4(string? name);

    /// <summary>The C4 diagrams of the branch, by name and file.</summary>
    [Alias("ListC4"), SafeToRepeat]
    Task<IReadOnlyList<C4DiagramFile>> ListC4();

    /// <summary>Remembers (or forgets) that a live document session is open on <paramref name="path"/>, so writes by other routes reach it.</summary>
    [Alias("TrackDocument")]
    Task TrackDocument(string path, bool open);

    /// <summary>Lets go of the working tree and deactivates (before the branch is deleted).</summary>
    [Alias("Close")]
    Task Close();

    /// <summary>A zip of the working tree as it is now (uncommitted changes included, <c>.git</c> left out).</summary>
    [Alias("Export")]
    Task<byte[]> Export();
}

/// <summary>How workspace grain keys are made and read: the repository id, a slash, the branch name.</summary>
public static class WorkspaceKey
{
    public static string For(string repositoryId, string branch) => $"{repositoryId}/{branch}";

    public static (string RepositoryId, string Branch) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}

[GenerateSerializer, Immutable, Alias("ck.tree-entry")]
public sealed record TreeEntry([property: Id(0)] string Path, [property: Id(1)] string Kind, [property: Id(2)] long? Size);

[GenerateSerializer, Immutable, Alias("ck.file-content")]
public sealed record FileContent([property: Id(0)] string Path, [property: Id(1)] byte[] Content, [property: Id(2)] string ETag);

/// <summary>What a write expects: the version it replaces (<c>IfMatch</c>), or that the file does not exist yet.</summary>
[GenerateSerializer, Immutable, Alias("ck.write-condition")]
public sealed record WriteCondition([property: Id(0)] string? IfMatch, [property: Id(1)] bool IfNoneMatch)
{
    /// <summary>No precondition: last write wins. Used only where no version can be known.</summary>
    public static WriteCondition None { get; } = new(null, false);

    public static WriteCondition Create { get; } = new(null, true);

    public static WriteCondition Replace(string etag) => new(etag, false);
}

[GenerateSerializer, Immutable, Alias("ck.file-write-result")]
public sealed record FileWriteResult([property: Id(0)] string ETag, [property: Id(1)] bool Created, [property: Id(2)] ValidationReport Validation);

[GenerateSerializer, Immutable, Alias("ck.git-status")]
public sealed record GitStatus(
    [property: Id(0)] string Branch,
    [property: Id(1)] string? Head,
    [property: Id(2)] int Ahead,
    [property: Id(3)] int Behind,
    [property: Id(4)] IReadOnlyList<FileChange> Changes);

/// <summary>A changed file: its state (added, modified, deleted, renamed) and who changed it since the last commit.</summary>
[GenerateSerializer, Immutable, Alias("ck.file-change")]
public sealed record FileChange([property: Id(0)] string Path, [property: Id(1)] string State, [property: Id(2)] IReadOnlyList<EditorInfo> Editors);

[GenerateSerializer, Immutable, Alias("ck.editor-info")]
public sealed record EditorInfo([property: Id(0)] string UserId, [property: Id(1)] string DisplayName);

[GenerateSerializer, Immutable, Alias("ck.git-diff")]
public sealed record GitDiff([property: Id(0)] string Unified, [property: Id(1)] IReadOnlyList<FileDiff> Files);

[GenerateSerializer, Immutable, Alias("ck.file-diff")]
public sealed record FileDiff(
    [property: Id(0)] string Path,
    [property: Id(1)] string? OldPath,
    [property: Id(2)] string Status,
    [property: Id(3)] int Additions,
    [property: Id(4)] int Deletions,
    [property: Id(5)] bool Binary,
    [property: Id(6)] IReadOnlyList<DiffHunk> Hunks);

/// <summary>One hunk: its header ranges and its lines, each prefixed ' ', '+' or '-'.</summary>
[GenerateSerializer, Immutable, Alias("ck.diff-hunk")]
public sealed record DiffHunk(
    [property: Id(0)] int OldStart,
    [property: Id(1)] int OldLines,
    [property: Id(2)] int NewStart,
    [property: Id(3)] int NewLines,
    [property: Id(4)] IReadOnlyList<string> Lines);

[GenerateSerializer, Immutable, Alias("ck.commit-info")]
public sealed record CommitInfo(
    [property: Id(0)] string Commit,
    [property: Id(1)] string Message,
    [property: Id(2)] string Author,
    [property: Id(3)] IReadOnlyList<string> CoAuthors,
    [property: Id(4)] DateTimeOffset At);
