using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Builder;
using ContextKit.Domain.C4;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Prompts;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Git;
using Microsoft.Extensions.Logging;

namespace ContextKit.Grains.Workspaces;

/// <summary>
/// Owns one branch's working tree. The grain is not reentrant, so file writes, status and commits on a
/// branch happen one at a time; the blocking git and disk work runs through <see cref="GitWork"/> and
/// the grain's fields are touched only after it returns. While active it holds the branch's lock file,
/// so that a brief second activation elsewhere in the cluster cannot touch the same working tree.
/// </summary>
public sealed partial class WorkspaceGrain(
    [PersistentState("workspace", "state")] IPersistentState<WorkspaceState> state,
    RepositoryStore store,
    ILogger<WorkspaceGrain> logger) : Grain, IWorkspaceGrain
{
    string repositoryId = "";
    string branch = "";
    WorkingTree? tree;
    FileStream? branchLock;
    BranchContext? context;
    readonly HashSet<string> openDocuments = new(StringComparer.Ordinal);
    ValidationSummary? lastPublishedValidation;

    WorkingTree Tree => tree ?? throw new InvalidOperationException("The workspace is not active.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (repositoryId, branch) = WorkspaceKey.Parse(this.GetPrimaryKeyString());
        branchLock = await AcquireBranchLock(cancellationToken);
        try
        {
            var root = await GitWork.Run(() => store.EnsureWorktree(repositoryId, branch), cancellationToken);
            tree = new WorkingTree(root);
        }
        catch
        {
            branchLock.Dispose();
            throw;
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        tree?.Dispose();
        branchLock?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<TreeEntry>> ListTree(string path)
    {
        var folder = ParsePath(path, allowRoot: true);
        return await GitWork.Run(() => Tree.List(folder));
    }

    public async Task<FileContent> ReadFile(string path)
    {
        var file = ParsePath(path);
        return await GitWork.Run(() => Tree.Read(file)) ?? throw new NotFoundException($"The file '{file}' was not found.");
    }

    public async Task<FileWriteResult> WriteFile(string path, byte[] content, WriteCondition condition, Actor actor)
    {
        var (created, etag, validation) = await Store(ParsePath(path), content, condition, actor);
        return new FileWriteResult(etag, created, validation);
    }

    /// <summary>
    /// Every write goes through here: the version check, the write and the engines' update happen off the
    /// scheduler in one step; then the editor list and the change feed follow. Returns the written file's
    /// own validation (its problems against the whole branch).
    /// </summary>
    async Task<(bool Created, string ETag, ValidationReport Validation)> Store(RepoPath file, byte[] content, WriteCondition condition, Actor actor)
    {
        RefuseIfProtected();
        var engines = await Context();
        var resent = ResentCall.IsCurrent;
        var (created, etag, validation, summary) = await GitWork.Run(() =>
        {
            var current = Tree.Read(file);
            // A resent call whose bytes are already there: the first attempt applied before its node left.
            var applied = resent && current is not null && current.Content.AsSpan().SequenceEqual(content);
            if (!applied)
            {
                CheckCondition(file, current, condition);
                Tree.Write(file, content);
            }
            var own = engines.Apply(Tree, file, Encoding.UTF8.GetString(content));
            return (applied ? condition.IfNoneMatch : current is null, WorkingTree.ETagOf(content), own, Summary(engines.Validation));
        });
        await RecordEditor(file, actor);
        // Also for a resent call that found its bytes: its first attempt may have stopped before publishing, and a
        // second file.written is only a hint to refresh, while a missing one would leave other views stale.
        await Publish(ChangeKinds.FileWritten, [file.Value], null, actor);
        await PublishValidation(summary, actor);
        // One-way: the document session calls this workspace to save, so this workspace must never wait on it.
        if (openDocuments.Contains(file.Value))
            _ = GrainFactory.GetGrain<IDocumentGrain>(DocumentKey.For(repositoryId, branch, file.Value)).FileChanged();
        return (created, etag, validation);
    }

    public async Task DeleteFile(string path, string? ifMatch, Actor actor)
    {
        var file = ParsePath(path);
        RefuseIfProtected();
        var engines = await Context();
        var summary = await GitWork.Run(() =>
        {
            var current = Tree.Read(file) ?? throw new NotFoundException($"The file '{file}' was not found.");
            CheckCondition(file, current, new WriteCondition(ifMatch, false));
            Tree.Delete(file);
            engines.Apply(Tree, file, null);
            return Summary(engines.Validation);
        });
        await RecordEditor(file, actor);
        await Publish(ChangeKinds.FileDeleted, [file.Value], null, actor);
        await PublishValidation(summary, actor);
        if (openDocuments.Contains(file.Value))
            _ = GrainFactory.GetGrain<IDocumentGrain>(DocumentKey.For(repositoryId, branch, file.Value)).FileChanged();
    }

    public async Task<GitStatus> GetStatus()
    {
        var (head, changes, (ahead, behind)) = await GitWork.Run(() => (Tree.Head, Tree.Status(), Tree.Divergence(branch)));
        return new GitStatus(branch, head, ahead, behind, changes
            .Select(c => new FileChange(c.Path, c.State, EditorsOf(c.Path).Select(e => new EditorInfo(e.UserId, e.DisplayName)).ToList()))
            .ToList());
    }

    public async Task<CommitInfo> Commit(string message, IReadOnlyList<string>? paths, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(message))
            throw new BadRequestException("A commit needs a message.");
        RefuseIfProtected();
        var selected = paths?.Select(p => ParsePath(p).Value).Distinct().ToList();
        var changed = (await GitWork.Run(() => Tree.Status())).Select(c => c.Path).ToList();
        var committing = selected is null ? changed : changed.Intersect(selected).ToList();
        if (committing.Count == 0)
            throw new BadRequestException(selected is null ? "There is nothing to commit." : "None of the chosen files has changes to commit.");

        // Everyone else who edited these files since the last commit is credited as a co-author.
        var coAuthors = committing.SelectMany(EditorsOf).Where(e => e.UserId != actor.UserId)
            .DistinctBy(e => e.UserId).ToList();
        var fullMessage = message.Trim();
        if (coAuthors.Count > 0)
            fullMessage += "\n\n" + string.Join("\n", coAuthors.Select(e => $"Co-authored-by: {e.DisplayName} <{e.Email}>"));

        var commit = await GitWork.Run(() => Tree.Commit(committing, fullMessage, RepositoryStore.Signature(actor)))
            ?? throw new BadRequestException("There is nothing to commit.");
        foreach (var path in committing)
            state.State.Editors.Remove(path);
        await state.WriteStateAsync();
        await Publish(ChangeKinds.Committed, committing, commit.Sha, actor);
        logger.LogInformation("Committed {Commit} on {Repository}/{Branch} ({Count} files)", commit.Sha[..12], repositoryId, branch, committing.Count);
        return ToInfo(commit);
    }

    public async Task<GitDiff> GetDiff(string? path, string? from, string? to)
    {
        var file = string.IsNullOrEmpty(path) ? null : ParsePath(path);
        return await GitWork.Run(() => Tree.Diff(file, string.IsNullOrEmpty(from) ? null : from, string.IsNullOrEmpty(to) ? null : to));
    }

    public async Task<IReadOnlyList<string>> Discard(IReadOnlyList<string> paths, Actor actor)
    {
        if (paths.Count == 0)
            throw new BadRequestException("Name the files whose changes to drop.");
        var files = paths.Select(p => ParsePath(p)).Distinct().ToList();
        var engines = await Context();
        var (discarded, summary) = await GitWork.Run(() =>
        {
            var dropped = Tree.Discard(files);
            foreach (var file in dropped.Select(d => RepoPath.Parse(d)))
                engines.Apply(Tree, file, ((IRepositorySnapshot)Tree).ReadText(file));
            return (dropped, Summary(engines.Validation));
        });
        if (discarded.Count == 0)
            return discarded;
        foreach (var path in discarded)
            state.State.Editors.Remove(path);
        await state.WriteStateAsync();
        await Publish(ChangeKinds.Discarded, discarded, null, actor);
        await PublishValidation(summary, actor);
        return discarded;
    }

    public async Task<IReadOnlyList<CommitInfo>> GetLog(string? path, int limit)
    {
        var file = string.IsNullOrEmpty(path) ? null : ParsePath(path);
        limit = Math.Clamp(limit, 1, 1000);
        return await GitWork.Run(() => Tree.Log(file, limit).Select(ToInfo).ToList());
    }

    public async Task<SyncResult> FastForward(string commit, Actor actor)
    {
        var (outcome, before, paths) = await GitWork.Run(() => Tree.FastForward(commit));
        if (outcome != "fast-forwarded")
            return new SyncResult(branch, outcome, before, before, []);
        // The files moved under the engines: load them again, and tell open views and live sessions.
        var published = lastPublishedValidation;
        context = null;
        var engines = await Context();
        lastPublishedValidation = published;
        foreach (var path in paths.Where(openDocuments.Contains))
            _ = GrainFactory.GetGrain<IDocumentGrain>(DocumentKey.For(repositoryId, branch, path)).FileChanged();
        await Publish(ChangeKinds.Pulled, paths, commit, actor);
        await PublishValidation(Summary(engines.Validation), actor);
        logger.LogInformation("Fast-forwarded {Repository}/{Branch} to {Commit} ({Count} files)", repositoryId, branch, commit[..12], paths.Count);
        return new SyncResult(branch, outcome, before, commit, paths);
    }

    public Task TrackDocument(string path, bool open)
    {
        if (open)
            openDocuments.Add(path);
        else
            openDocuments.Remove(path);
        return Task.CompletedTask;
    }

    public Task Close()
    {
        tree?.Dispose();
        tree = null;
        branchLock?.Dispose();
        branchLock = null;
        context = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<byte[]> Export() => await GitWork.Run(() => Tree.Export());

    public async Task<IReadOnlyList<EntitySummary>> ListEntities(EntityQuery query)
    {
        var index = (await Context()).Index;
        var words = (query.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return index.Entities
            .Where(e => query.Type is null || e.Type.Name == query.Type)
            .Where(e => query.Status is null || e.Status == query.Status)
            .Where(e => words.All(w => e.Id.Contains(w, StringComparison.OrdinalIgnoreCase)
                                       || e.Title.Contains(w, StringComparison.OrdinalIgnoreCase)
                                       || e.Path.Value.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(e => new EntitySummary(e.Id, e.Type.Name, e.Title, e.Status, e.Path.Value))
            .ToList();
    }

    public async Task<EntityDocument> GetEntity(string id)
    {
        var entity = (await Context()).Index.Find(id) ?? throw new NotFoundException($"No entity has the id '{id}'.");
        var file = await GitWork.Run(() => Tree.Read(entity.Path)) ?? throw new NotFoundException($"No entity has the id '{id}'.");
        return new EntityDocument(entity.Id, entity.Type.Name, entity.Path.Value, entity.Data.ToJsonString(),
            Encoding.UTF8.GetString(file.Content), file.ETag);
    }

    public async Task<EntityTemplates> GetEntityTemplates()
    {
        var set = await GitWork.Run(() => BuilderTemplates.Load(Tree));
        return new EntityTemplates(
            set.Templates.Select(t => new EntityTemplateInfo(t.Id, t.Name, t.Description, t.EntityType.Name, t.Icon, t.Prototype.ToJsonString())).ToList(),
            set.Warnings.Select(w => $"{w.File}: {w.Message}").ToList());
    }

    public async Task<EntityWriteResult> CreateEntity(string type, string id, string dataJson, string? template, Actor actor)
    {
        var entityType = EntityType.Named(type) is { } t && t != EntityType.Governance ? t : throw new BadRequestException($"Unknown entity type '{type}'.");
        var data = ParseData(dataJson);
        IReadOnlyList<string> unresolved = [];
        if (!string.IsNullOrEmpty(template))
        {
            var builder = (await GitWork.Run(() => BuilderTemplates.Load(Tree))).Find(template)
                          ?? throw new BadRequestException($"No builder template is named '{template}'.");
            if (builder.EntityType != entityType)
                throw new BadRequestException($"The template '{template}' makes a {builder.EntityType.Name}, not a {entityType.Name}.");
            var values = (JsonObject)data.DeepClone();
            values["id"] = id;
            var built = builder.Apply(values);
            (data, unresolved) = (built.Data, built.UnresolvedPlaceholders);
        }
        var current = await Context();
        if (current.Index.Find(id) is { } existing)
            throw new ConflictException($"The id '{id}' is already used by {existing.Path}.");
        // The allocated id leads the file, whatever the client sent.
        var withId = new JsonObject { ["id"] = id };
        foreach (var (key, value) in data.Where(p => p.Key != "id").ToList())
        {
            data.Remove(key);
            withId[key] = value;
        }
        var path = EntityFileNames.PathFor(entityType, id, withId["title"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? withId["title"]!.GetValue<string>() : null);
        var text = await GitWork.Run(() => YamlWriter.Write(withId, EntitySchemaOrder.For(Tree, entityType)));
        try
        {
            var (_, etag, validation) = await Store(path, Encoding.UTF8.GetBytes(text), WriteCondition.Create, actor);
            return new EntityWriteResult(id, path.Value, etag, validation, unresolved);
        }
        catch (RevisionConflictException)
        {
            throw new ConflictException($"The file '{path}' already exists.");
        }
    }

    public async Task<EntityWriteResult> UpdateEntity(string id, string dataJson, string ifMatch, Actor actor)
    {
        var data = ParseData(dataJson);
        if (data["id"] is JsonValue given && given.TryGetValue<string>(out var newId) && newId != id)
            throw new BadRequestException("An entity's id cannot be changed by saving it; create a new entity instead.");
        var entity = (await Context()).Index.Find(id) ?? throw new NotFoundException($"No entity has the id '{id}'.");
        var file = await GitWork.Run(() => Tree.Read(entity.Path)) ?? throw new NotFoundException($"No entity has the id '{id}'.");
        CheckCondition(entity.Path, file, WriteCondition.Replace(ifMatch));
        string text;
        try
        {
            text = await GitWork.Run(() => YamlEditor.Update(Encoding.UTF8.GetString(file.Content), data, EntitySchemaOrder.For(Tree, entity.Type)));
        }
        catch (Exception e) when (e is YamlEditException or ArgumentException)
        {
            throw new BadRequestException("The entity cannot be saved as YAML: " + e.Message);
        }
        var (_, etag, validation) = await Store(entity.Path, Encoding.UTF8.GetBytes(text), WriteCondition.Replace(ifMatch), actor);
        return new EntityWriteResult(id, entity.Path.Value, etag, validation, []);
    }

    public async Task DeleteEntity(string id, string ifMatch, Actor actor)
    {
        var entity = (await Context()).Index.Find(id) ?? throw new NotFoundException($"No entity has the id '{id}'.");
        await DeleteFile(entity.Path.Value, ifMatch, actor);
    }

    static JsonObject ParseData(string dataJson)
    {
        try
        {
            return JsonNode.Parse(dataJson) as JsonObject ?? throw new BadRequestException("An entity's data must be a JSON object.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new BadRequestException("An entity's data must be a JSON object.");
        }
    }

    public async Task<GraphView> GetGraph(string? centre, int depth)
    {
        var current = await Context();
        return await GitWork.Run(() => centre is null
            ? current.Graph.View
            : current.Graph.Neighbourhood(centre, Math.Clamp(depth, 1, 5)) ?? throw new NotFoundException($"No entity has the id '{centre}'."));
    }

    public async Task<ImpactReport> AnalyzeImpact(ImpactRequest request)
    {
        try
        {
            request.Validate();
        }
        catch (InvalidImpactRequestException e)
        {
            throw new BadRequestException(e.Message);
        }
        var current = await Context();
        return await GitWork.Run(() =>
        {
            var baseSnapshot = Tree.SnapshotAt(string.IsNullOrWhiteSpace(request.Base) ? "HEAD" : request.Base);
            var baseIndex = baseSnapshot is null ? null : ContextIndex.Load(baseSnapshot);
            return ImpactAnalysis.Run(request, current.Graph, baseIndex, baseSnapshot?.Sha, ImpactRules.Load(Tree));
        });
    }

    public async Task<PromptReport> GeneratePrompts(IReadOnlyList<string> ids, Actor actor)
    {
        if (ids.Count == 0 || ids.Any(string.IsNullOrWhiteSpace))
            throw new BadRequestException("Name at least one entity id to generate prompts for.");
        var current = await Context();
        var generation = await GitWork.Run(() =>
        {
            var result = PromptGenerator.Generate(current.Index, Tree, ids, current.Graph.Neighbours, DateTimeOffset.UtcNow);
            foreach (var file in result.Files)
                Tree.Write(RepoPath.Parse(file.Path), Encoding.UTF8.GetBytes(file.Content));
            return result;
        });
        if (generation.Files.Count > 0)
            await Publish(ChangeKinds.FileWritten, generation.Files.Select(f => f.Path).ToList(), null, actor);
        return generation.Report;
    }

    public async Task<C4Report> GetC4(string? name)
    {
        var current = await Context();
        return await GitWork.Run(() => name is null
            ? C4Diagrams.Analyse(Tree, current.Index).Report
            : C4Diagrams.AnalyseDiagram(Tree, current.Index, name)?.Report ?? throw new NotFoundException($"No C4 diagram is named '{name}'."));
    }

    public async Task<IReadOnlyList<C4DiagramFile>> ListC4() => await GitWork.Run(() => C4Diagrams.List(Tree));

    /// <summary>The engines' view of the branch, loaded on first use and kept current by every write.</summary>
    async Task<BranchContext> Context()
    {
        if (context is null)
        {
            context = await GitWork.Run(() => BranchContext.Load(Tree));
            lastPublishedValidation = Summary(context.Validation);
        }
        return context;
    }

    public async Task<ValidationReport> Validate() => (await Context()).Validation;

    /// <summary>The engine's path check, with its refusal turned into a contract error that crosses silos intact.</summary>
    static RepoPath ParsePath(string path, bool allowRoot = false)
    {
        try
        {
            return RepoPath.Parse(path, allowRoot);
        }
        catch (InvalidPathException e)
        {
            throw new InvalidRepositoryPathException(e.Message);
        }
    }

    static void CheckCondition(RepoPath file, FileContent? current, WriteCondition condition)
    {
        if (condition.IfNoneMatch && current is not null)
            throw new RevisionConflictException($"'{file}' already exists.", current.ETag);
        if (condition.IfMatch is { } expected && expected != "*" && current?.ETag != expected)
            throw new RevisionConflictException(
                current is null ? $"'{file}' was deleted by someone else." : $"'{file}' was changed by someone else since you loaded it.",
                current?.ETag);
        if (condition.IfMatch == "*" && current is null)
            throw new RevisionConflictException($"'{file}' does not exist.", null);
    }

    IEnumerable<Actor> EditorsOf(string path) => state.State.Editors.GetValueOrDefault(path) ?? [];

    async Task RecordEditor(RepoPath file, Actor actor)
    {
        var editors = state.State.Editors.TryGetValue(file.Value, out var list) ? list : state.State.Editors[file.Value] = [];
        if (editors.Any(e => e.UserId == actor.UserId))
            return;
        editors.Add(actor);
        await state.WriteStateAsync();
    }

    /// <summary>Tells every open view the branch's validation changed; only when its outcome actually did.</summary>
    async Task PublishValidation(ValidationSummary summary, Actor actor)
    {
        if (summary == lastPublishedValidation)
            return;
        lastPublishedValidation = summary;
        await GrainFactory.GetGrain<IChangeFeedGrain>(repositoryId)
            .Publish(new ChangeDraft(ChangeKinds.ValidationChanged, branch, [], null, actor.UserId, summary));
    }

    static ValidationSummary Summary(ValidationReport report) => new(report.Ok, report.TotalErrors, report.Warnings.Count);

    async Task Publish(string kind, IReadOnlyList<string> paths, string? commit, Actor actor)
    {
        await GrainFactory.GetGrain<IChangeFeedGrain>(repositoryId).Publish(new ChangeDraft(kind, branch, paths, commit, actor.UserId));
        await GrainFactory.GetGrain<IRepositoryGrain>(repositoryId).Touch();
    }

    async Task<FileStream> AcquireBranchLock(CancellationToken cancellationToken)
    {
        var path = store.LockPath(repositoryId, branch);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Another activation (a silo that has not yet noticed it lost the grain) may hold it for a moment.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException)
            {
                throw new RepositoryUnavailableException($"The branch '{branch}' is busy on another node; try again in a moment.");
            }
        }
    }

    static CommitInfo ToInfo(LibGit2Sharp.Commit commit) => new(
        commit.Sha,
        commit.MessageShort,
        commit.Author.Name,
        CoAuthors(commit.Message),
        commit.Author.When);

    static IReadOnlyList<string> CoAuthors(string message) =>
        message.Split('\n')
            .Where(l => l.StartsWith("Co-authored-by:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l["Co-authored-by:".Length..].Trim())
            .Select(l => l.Contains('<') ? l[..l.IndexOf('<')].Trim() : l)
            .ToList();
}

/// <summary>What a workspace remembers between activations: who edited each uncommitted file.</summary>
[GenerateSerializer, Alias("ck.workspace-state")]
public sealed class WorkspaceState
{
    [Id(0)] public int Version { get; set; } = 1;

    /// <summary>Repository path → the people who changed it since it was last committed, in order of first edit.</summary>
    [Id(1)] public Dictionary<string, List<Actor>> Editors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Set by the repository grain: only pull-request merges change a protected branch.</summary>
    [Id(2)] public bool Protected { get; set; }
}
