using ContextKit.Grains.Contracts;

namespace ContextKit.Api.PullRequests;

/// <summary>
/// A pull request with its evidence, as the API and the UI show it. An open pull request is reviewed by its
/// source branch's workspace against the target as it is now; a merged or closed one by the commits it had.
/// </summary>
public sealed class PullRequestReviews(IGrainFactory grains)
{
    public async Task<PullRequestDetail> Get(string repositoryId, int number)
    {
        var repository = grains.GetGrain<IRepositoryGrain>(repositoryId);
        var pull = await repository.GetPullRequest(number);
        var branches = await repository.ListBranches();
        BranchReview? review = null;
        string? reviewProblem = null;
        try
        {
            if (pull.State == PullRequestStates.Merged && pull.MergedHead is { } head)
                review = await Workspace(repositoryId, pull.Target).Review(new ReviewRequest(pull.Target, pull.MergedBase, head));
            else if (branches.Any(b => b.Name == pull.Source) && branches.Any(b => b.Name == pull.Target))
                review = await Workspace(repositoryId, pull.Source).Review(new ReviewRequest(pull.Target));
            else
                reviewProblem = "The source or the target branch no longer exists.";
        }
        catch (ContextKitException e)
        {
            reviewProblem = e.Message;
        }
        var targetProtected = branches.FirstOrDefault(b => b.Name == pull.Target)?.Protected ?? false;
        return new PullRequestDetail(pull, targetProtected, review, reviewProblem);
    }

    IWorkspaceGrain Workspace(string repositoryId, string branch) => grains.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(repositoryId, branch));
}

/// <summary>A pull request, whether its target is protected, and its review (null with the reason when it cannot be made).</summary>
public sealed record PullRequestDetail(PullRequestInfo PullRequest, bool TargetProtected, BranchReview? Review, string? ReviewProblem);
