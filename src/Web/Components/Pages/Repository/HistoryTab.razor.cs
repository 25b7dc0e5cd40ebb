using ContextKit.Web.Components.Git;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace ContextKit.Web.Components.Pages.Repository;

/// <summary>The branch's history, newest first, optionally of one file.</summary>
public sealed partial class HistoryTab
{
    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;

    HistoryList? list;
    string? path;

    public Task Refresh() => list?.Refresh() ?? Task.CompletedTask;
}
