using ContextKit.Domain.Collaboration;
using ContextKit.Grains.Contracts;
using Orleans.Streams;

namespace ContextKit.Grains.Documents;

/// <summary>
/// Serialises the edits of one open file (<see cref="DocumentHistory"/> does the transformation). Edits are
/// broadcast on the repository's stream so participants on every node see them; the text is saved to the
/// workspace a moment after the last edit and when the last participant leaves. A write of the file by
/// another route is folded in as an edit, never dropped.
/// </summary>
public sealed class DocumentGrain : Grain, IDocumentGrain
{
    static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(750);
    // The author of edits that fold in a write made by another route (no user id looks like this).
    const string FileAuthor = "file";

    string repositoryId = "", branch = "", path = "";
    DocumentHistory? history;
    string? savedETag;
    // Connection → who; a person with two tabs is two participants.
    readonly Dictionary<string, Actor> participants = [];
    Actor? lastEditor;
    IGrainTimer? saveTimer;
    IAsyncStream<ChangeEvent>? stream;
    bool branchProtected;

    IWorkspaceGrain Workspace => GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(repositoryId, branch));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (repositoryId, branch, path) = DocumentKey.Parse(this.GetPrimaryKeyString());
        stream = this.GetStreamProvider(ChangeFeedStream.Provider).GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repositoryId));
        var file = await Workspace.ReadFile(path);
        history = new DocumentHistory(System.Text.Encoding.UTF8.GetString(file.Content));
        savedETag = file.ETag;
        branchProtected = await Workspace.IsProtected();
        await Workspace.TrackDocument(path, true);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Save();
        await Workspace.TrackDocument(path, false);
    }

    public Task<DocumentSnapshot> Open(Actor actor, string connection)
    {
        participants[connection] = actor;
        return Task.FromResult(new DocumentSnapshot(history!.Text, history.Version));
    }

    public async Task<long> Edit(long baseVersion, string operationsJson, Actor actor)
    {
        // A protected branch changes only by pull request: refuse the edit rather than lose it at the save.
        if (branchProtected)
            throw new BranchProtectedException($"The branch '{branch}' is protected: changes arrive only by pull request.");
        AppliedOperation applied;
        try
        {
            applied = history!.Submit(baseVersion, TextOperation.Parse(operationsJson), actor.UserId);
        }
        catch (Exception e) when (e is TextOperationException or DocumentVersionException or DocumentTooLargeException)
        {
            throw new BadRequestException(e.Message);
        }
        lastEditor = actor;
        await Broadcast(applied);
        saveTimer?.Dispose();
        saveTimer = this.RegisterGrainTimer(Save, new GrainTimerCreationOptions(SaveDelay, Timeout.InfiniteTimeSpan));
        return applied.Version;
    }

    public async Task Close(string connection)
    {
        if (!participants.Remove(connection))
            return;
        if (participants.Count == 0)
        {
            await Save();
            DeactivateOnIdle();
        }
    }

    public Task<DocumentEdits> EditsSince(long version)
    {
        var from = Math.Clamp(version, history!.OldestVersion, history.Version);
        return Task.FromResult(new DocumentEdits(history.Version,
            history.Since(from).Select(EventOf).ToList()));
    }

    public async Task FileChanged()
    {
        FileContent file;
        try
        {
            file = await Workspace.ReadFile(path);
        }
        catch (NotFoundException)
        {
            // Deleted while open: the session keeps its text. The deletion wins over edits not saved yet (whoever
            // deleted it closes their editor without bringing it back); an edit made after it writes the file again.
            savedETag = null;
            lastEditor = null;
            return;
        }
        if (file.ETag == savedETag)
            return;
        savedETag = file.ETag;
        if (history!.Replace(System.Text.Encoding.UTF8.GetString(file.Content), FileAuthor) is { } applied)
            await Broadcast(applied);
    }

    async Task Save()
    {
        saveTimer?.Dispose();
        saveTimer = null;
        if (history is null || lastEditor is null)
            return;
        var content = System.Text.Encoding.UTF8.GetBytes(history.Text);
        if (WorkingETag(content) == savedETag)
            return;
        try
        {
            savedETag = (await Workspace.WriteFile(path, content, ConditionFor(savedETag), lastEditor)).ETag;
        }
        catch (RevisionConflictException)
        {
            // The file changed (or went) under the session: take that in as an edit, then save the merged text.
            await FileChanged();
            if (lastEditor is null)
                return; // Deleted, and nothing edited since: the deletion stands.
            savedETag = (await Workspace.WriteFile(path, System.Text.Encoding.UTF8.GetBytes(history.Text), ConditionFor(savedETag), lastEditor)).ETag;
        }
        catch (BranchProtectedException)
        {
            // Protected after the session opened: the text stays in the session, further edits are refused.
            branchProtected = true;
        }
    }

    /// <summary>Replace the version the session last saw, or create the file again when it was deleted meanwhile.</summary>
    static WriteCondition ConditionFor(string? etag) => etag is null ? WriteCondition.Create : WriteCondition.Replace(etag);

    Task Broadcast(AppliedOperation applied) => stream!.OnNextAsync(EventOf(applied));

    /// <summary>An applied edit as the repository's stream carries it (unnumbered: the saved file is what the feed records).</summary>
    ChangeEvent EventOf(AppliedOperation applied) =>
        new(repositoryId, 0, ChangeKinds.DocumentEdited, branch, [path], null, ActorOf(applied), DateTimeOffset.UtcNow,
            Document: new DocumentEdit(path, applied.Version, applied.Operation.ToJson()));

    static string? ActorOf(AppliedOperation applied) => applied.Author == FileAuthor ? null : applied.Author;

    static string WorkingETag(byte[] content) => Git.WorkingTree.ETagOf(content);
}
