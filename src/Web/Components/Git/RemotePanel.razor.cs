using ContextKit.Domain.Repositories;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Shared;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace ContextKit.Web.Components.Git;

/// <summary>Pull and push of the branch shown; owners set the upstream URL and token here.</summary>
public sealed partial class RemotePanel
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter] public RepositoryRole Role { get; set; }

    [Inject] RemoteService Remotes { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] ILogger<RemotePanel> Logger { get; set; } = default!;

    RemoteInfo? remote;
    string? loadError;
    bool busy;
    bool editing;
    string? url;
    string? token;
    bool removeToken;

    protected override async Task OnInitializedAsync()
    {
        if (Role < RepositoryRole.Editor)
            return;
        try
        {
            remote = await Remotes.Get(Where.RepositoryId);
            url = remote.Url;
        }
        catch (Exception e)
        {
            loadError = Logger.Explain(e, "Loading the remote of {Repository} failed", Where.RepositoryId);
        }
    }

    async Task Save() => await Run("Saving the remote", async () =>
    {
        remote = await Remotes.Configure(Where.RepositoryId, url, removeToken ? "" : string.IsNullOrEmpty(token) ? null : token);
        (token, removeToken, editing, url) = (null, false, false, remote.Url);
        Snackbar.Add(remote.Url is null ? "Removed the remote." : "Saved the remote.", Severity.Success);
    });

    async Task Pull() => await Run("Pulling", async () =>
    {
        var result = await Remotes.Pull(Where);
        Snackbar.Add(result.Outcome switch
        {
            "fast-forwarded" => $"Pulled {result.Paths.Count} changed {(result.Paths.Count == 1 ? "file" : "files")} into {result.Branch}.",
            "ahead" => $"{result.Branch} already has everything the remote has, and more: push it.",
            _ => $"{result.Branch} is up to date with the remote.",
        }, Severity.Success);
    });

    async Task Push() => await Run("Pushing", async () =>
    {
        var result = await Remotes.Push(Where);
        Snackbar.Add($"Pushed {result.Branch} ({result.Head?[..7]}) to the remote.", Severity.Success);
    });

    async Task Run(string what, Func<Task> action)
    {
        busy = true;
        try
        {
            await action();
        }
        catch (Exception e)
        {
            Snackbar.Failure(Logger, e, what);
        }
        finally
        {
            busy = false;
        }
    }
}
