using ContextKit.Api.Repositories;
using ContextKit.Domain.C4;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Impact;
using ContextKit.Domain.Prompts;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;

namespace ContextKit.Web.Services;

/// <summary>
/// The context engine of a branch for the UI: validation, the graph, impact, prompts and C4 diagrams (§5–§10).
/// Reads need the viewer role; generating prompts writes files, so it needs the editor role, as in the REST API.
/// </summary>
public sealed class ContextEngineService(RepositoryAccess access, CurrentUser user, UiAudit audit)
{
    public async Task<ValidationReport> Validate(RepositoryBranch at) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.Validate();

    /// <summary>The whole graph (<paramref name="centre"/> null) or the entities within <paramref name="depth"/> hops of one.</summary>
    public async Task<GraphView> Graph(RepositoryBranch at, string? centre, int depth) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetGraph(centre, depth);

    /// <summary>What a change to <paramref name="ids"/> touches, compared with <paramref name="baseRevision"/> (HEAD when blank).</summary>
    public async Task<ImpactReport> Impact(RepositoryBranch at, IReadOnlyList<string> ids, int depth, string? baseRevision) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.AnalyzeImpact(
            new ImpactRequest(ids, depth, string.IsNullOrWhiteSpace(baseRevision) ? ImpactRequest.DefaultBase : baseRevision.Trim()));

    /// <summary>Renders the prompts of the entities and writes them to <c>generated/prompts/</c>.</summary>
    public async Task<PromptReport> GeneratePrompts(RepositoryBranch at, IReadOnlyList<string> ids)
    {
        var scope = await Require(at, RepositoryRole.Editor);
        var report = await scope.Workspace.GeneratePrompts(ids, scope.Actor);
        await audit.Record(scope, "generate.post", WorkspaceService.Target(string.Join(',', ids), scope));
        return report;
    }

    public async Task<IReadOnlyList<C4DiagramFile>> ListC4(RepositoryBranch at) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.ListC4();

    /// <summary>One diagram's projections, errors and warnings; <see cref="NotFoundException"/> for an unknown name.</summary>
    public async Task<C4Report> C4(RepositoryBranch at, string name) =>
        await (await Require(at, RepositoryRole.Viewer)).Workspace.GetC4(name);

    async Task<RepositoryScope> Require(RepositoryBranch at, RepositoryRole role) =>
        await access.Require(await user.Principal(), at.RepositoryId, role, at.Branch);
}
