using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Editor;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace ContextKit.Web.Components.Presence;

/// <summary>
/// The repository header's avatars: everyone else in the repository now, whichever node they are on. Entering the
/// page says this person is here (and keeps saying so, see <see cref="CollaborationService.Enter"/>).
/// </summary>
public sealed partial class PresenceAvatars : IAsyncDisposable
{
    [Parameter, EditorRequired] public string RepositoryId { get; set; } = default!;
    [Parameter, EditorRequired] public string Branch { get; set; } = default!;
    [Parameter] public string? Me { get; set; }

    [Inject] CollaborationService Collaboration { get; set; } = default!;
    [Inject] ILogger<PresenceAvatars> Logger { get; set; } = default!;

    IReadOnlyList<PresenceEntry> others = [];
    IAsyncDisposable? following;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            following = await Collaboration.FollowPresence(RepositoryId, entries => InvokeAsync(() =>
            {
                // Cursors move with every keystroke; the avatars change only when someone comes, goes or moves to another file.
                if (Show(entries))
                    StateHasChanged();
            }));
            _ = Show(await Collaboration.Enter(RepositoryId, Branch, null, null));
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Showing who is in {Repository} failed", RepositoryId);
        }
    }

    /// <summary>Takes in who is here; true when that changes what the avatars show.</summary>
    bool Show(IReadOnlyList<PresenceEntry> entries)
    {
        var next = entries.Where(e => e.UserId != Me).OrderBy(e => e.DisplayName).ToList();
        var changed = !next.Select(e => e with { Cursor = null }).SequenceEqual(others.Select(e => e with { Cursor = null }));
        others = next;
        return changed;
    }

    static string Where(PresenceEntry entry) =>
        entry.Path is { } path ? $"{entry.DisplayName} — {path} on {entry.Branch}" : $"{entry.DisplayName} — on {entry.Branch ?? "the repository"}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (following is not null)
                await following.DisposeAsync();
            await Collaboration.Leave(RepositoryId);
        }
        catch (Exception e)
        {
            Logger.LogDebug(e, "Leaving {Repository}", RepositoryId);
        }
    }
}
