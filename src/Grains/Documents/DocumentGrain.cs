using ContextKit.Domain.Collaboration;
using ContextKit.Grains.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace ContextKit.Grains.Documents;

/// <summary>
/// Serialises the edits of one open file (<see cref="DocumentHistory"/> does the transformation). Edits are
/// broadcast on the repository's stream so participants on every node see them; the text is saved to the
/// workspace a moment after the last edit and when the last participant leaves. A write of the file by
/// another route is folded in as an edit, never dropped.
/// <para>
/// Each edit is kept in grain storage (<see cref="LiveDocumentState"/>) before it is acknowledged, so a session whose
/// node dies carries on elsewhere at the same version with every acknowledged edit; the state is cleared when the
/// session ends.
/// </para>
/// </summary>
public sealed class DocumentGrain(
    [PersistentState("document", "state")] IPersistentState<LiveDocumentState> state,
    IOptions<LiveDocumentOptions> options,
    ILogger<DocumentGrain> logger) : Grain, IDocumentGrain
{
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
        var text = System.Text.Encoding.UTF8.GetString(file.Content);
        savedETag = file.ETag;
        if (state.State is { Version: > 0 } left)
        {
            // The session was on a node that went away. Carry on at its version, with its unsaved edits; unless the file
            // was written by another route since, which wins over unsaved edits as it does in a live session.
            var unchanged = left.SavedETag == file.ETag;
            history = new DocumentHistory(unchanged ? left.Text ?? text : text, unchanged ? left.Version : left.Version + 1);
            lastEditor = unchanged ? left.LastEditor : null;
            if (lastEditor is not null)
                ScheduleSave();
        }
        else
            history = new DocumentHistory(text);
        branchProtected = await Workspace.IsProtected();
        await Workspace.TrackDocument(path, true);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Save();
        // Without participants the session is over; otherwise (a node shutting down) it goes on elsewhere from storage.
        if (participants.Count == 0)
            await Forget();
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
        await Remember();
        await Broadcast(applied);
        ScheduleSave();
        return applied.Version;
    }

    public async Task Close(string connection)
    {
        if (!participants.Remove(connection))
            return;
        if (participants.Count == 0)
        {
            await Save();
            await Forget();
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
        {
            await Remember();
            await Broadcast(applied);
        }
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
            await Remember();
        }
        catch (RevisionConflictException)
        {
            // The file changed (or went) under the session: take that in as an edit, then save the merged text.
            await FileChanged();
            if (lastEditor is null)
                return; // Deleted, and nothing edited since: the deletion stands.
            savedETag = (await Workspace.WriteFile(path, System.Text.Encoding.UTF8.GetBytes(history.Text), ConditionFor(savedETag), lastEditor)).ETag;
            await Remember();
        }
        catch (BranchProtectedException)
        {
            // Protected after the session opened: the text stays in the session, further edits are refused.
            branchProtected = true;
        }
    }

    void ScheduleSave()
    {
        saveTimer?.Dispose();
        saveTimer = this.RegisterGrainTimer(Save, new GrainTimerCreationOptions(options.Value.SaveDelay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Keeps the session (text, version, what was saved, who edited last) in grain storage.</summary>
    async Task Remember()
    {
        state.State = new LiveDocumentState
        {
            Version = history!.Version,
            Text = history.Text,
            SavedETag = savedETag,
            LastEditor = lastEditor,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The edit stands (it is applied and will be saved); only its survival of this node's death is not assured.
            logger.LogWarning(e, "Could not keep live document {Document} in grain storage", this.GetPrimaryKeyString());
        }
    }

    /// <summary>The session is over: nothing of it needs to survive.</summary>
    async Task Forget()
    {
        if (!state.RecordExists)
            return;
        try
        {
            await state.ClearStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not clear live document {Document} from grain storage", this.GetPrimaryKeyString());
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

/// <summary>
/// A live document's session as grain storage keeps it between edits: enough to carry on at the same version, with the
/// edits not saved yet, on another node. <c>Version</c> 0 means there is no session to carry on.
/// </summary>
[GenerateSerializer, Alias("ck.live-document-state")]
public sealed class LiveDocumentState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public string? Text { get; set; }
    [Id(2)] public string? SavedETag { get; set; }
    [Id(3)] public Actor? LastEditor { get; set; }
}
