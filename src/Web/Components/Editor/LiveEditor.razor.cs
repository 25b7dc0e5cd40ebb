using System.Globalization;
using ContextKit.Domain.Validation;
using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository;
using ContextKit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace ContextKit.Web.Components.Editor;

/// <summary>
/// A file open for live co-editing: CodeMirror in the browser (YAML and Markdown modes), the collaboration protocol
/// on the circuit (<see cref="LiveDocumentSession"/>), other people's named, coloured cursors, and the engine's
/// validation markers at their lines. Edits are saved by the document grain; there is no save button.
/// </summary>
public sealed partial class LiveEditor : IAsyncDisposable, ILiveEditorView
{
    const string Module = "./_content/ContextKit.Web/lib/codemirror/live-editor.js";

    [Parameter, EditorRequired] public RepositoryBranch Where { get; set; } = default!;
    [Parameter, EditorRequired] public string Path { get; set; } = default!;
    [Parameter] public bool CanEdit { get; set; }
    /// <summary>The signed-in user's id: their own presence is not drawn as a remote cursor.</summary>
    [Parameter] public string? Me { get; set; }
    /// <summary>Called with the branch's validation each time the editor refreshed its markers.</summary>
    [Parameter] public EventCallback<ValidationReport> Validated { get; set; }

    [Inject] CollaborationService Collaboration { get; set; } = default!;
    [Inject] WorkspaceService Workspaces { get; set; } = default!;
    [Inject] ContextEngineService Engine { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] ILogger<LiveEditor> Logger { get; set; } = default!;

    ElementReference host;
    IJSObjectReference? module;
    DotNetObjectReference<LiveEditor>? self;
    CollaborationService.DocumentLink? link;
    LiveDocumentSession? session;
    readonly List<IAsyncDisposable> subscriptions = [];
    readonly TaskCompletionSource editorReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock early = new();
    List<DocumentEdit>? beforeSession = [];
    IReadOnlyList<PresenceEntry> present = [];
    int editorId;
    string? status;
    bool disposed;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        try
        {
            await Start();
        }
        catch (JSDisconnectedException)
        {
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Opening {Path} for live editing failed", Path);
            status = "This file could not be opened for live editing. " + FailureMessages.For(e);
            StateHasChanged();
        }
    }

    async Task Start()
    {
        link = await Collaboration.Document(Where, Path);
        // Listen before opening, so no edit between the snapshot and the subscription is missed.
        subscriptions.Add(await link.Listen(OnBroadcast));
        session = await LiveDocumentSession.Start(new Server(link), this, Logger);
        session.Resynchronised += () => _ = InvokeAsync(() =>
        {
            status = "Your editor was out of step with the server and has been reloaded; your last few keystrokes may be missing.";
            StateHasChanged();
        });
        List<DocumentEdit> replay;
        lock (early)
        {
            replay = beforeSession!;
            beforeSession = null;
        }
        foreach (var edit in replay)
            await session.Received(edit);

        module = await JS.InvokeAsync<IJSObjectReference>("import", Module);
        self = DotNetObjectReference.Create(this);
        var text = session.InitialText;
        var readOnly = !CanEdit || LineSeparatorOf(text) is null;
        editorId = await module.InvokeAsync<int>("create", host, self, text, Path, readOnly, LineSeparatorOf(text) ?? "\n");
        if (CanEdit && readOnly)
            status = "This file mixes line endings, so it opens read only here; edit it through the API or normalise its line endings.";
        editorReady.TrySetResult();
        StateHasChanged();

        subscriptions.Add(await Collaboration.FollowPresence(Where.RepositoryId, entries => InvokeAsync(() => ShowCursors(entries))));
        await Collaboration.Point(Where.RepositoryId, Path, null);
        subscriptions.Add(await Workspaces.Follow(Where.RepositoryId, changes =>
            changes.Any(c => c.Branch == Where.Branch && (c.Kind == ChangeKinds.ValidationChanged || c.Paths.Contains(Path)))
                ? InvokeAsync(ShowValidation)
                : Task.CompletedTask));
        await ShowValidation();
    }

    /// <summary>CodeMirror counts a line break as one position, so a text must use one kind of line break throughout.</summary>
    static string? LineSeparatorOf(string text)
    {
        var crlf = text.Contains("\r\n", StringComparison.Ordinal);
        if (!text.Contains('\r'))
            return "\n";
        return crlf && !text.Replace("\r\n", "", StringComparison.Ordinal).Contains('\r') && !text.Replace("\r\n", "", StringComparison.Ordinal).Contains('\n')
            ? "\r\n"
            : null;
    }

    Task OnBroadcast(DocumentEdit edit)
    {
        lock (early)
        {
            if (beforeSession is not null)
            {
                beforeSession.Add(edit);
                return Task.CompletedTask;
            }
        }
        return session!.Received(edit);
    }

    [JSInvokable]
    public void LocalEdit(int epoch, int sequence, int remoteSeen, string operationsJson)
    {
        if (CanEdit)
            session?.LocalEdit(epoch, sequence, remoteSeen, operationsJson);
    }

    /// <summary>The person's cursor moved: others see it (UTF-16 offsets "anchor:head" in the presence's cursor).</summary>
    [JSInvokable]
    public async Task LocalSelection(int anchor, int head)
    {
        try
        {
            await Collaboration.Point(Where.RepositoryId, Path, $"{anchor}:{head}");
        }
        catch (Exception e)
        {
            Logger.LogDebug(e, "Sharing the cursor failed");
        }
    }

    async Task ApplyRemoteInBrowser(Func<IJSObjectReference, Task> call)
    {
        await editorReady.Task;
        if (module is not null && !disposed)
            await call(module);
    }

    Task ILiveEditorView.ApplyRemote(int epoch, int number, int localSeen, string operationsJson) =>
        ApplyRemoteInBrowser(m => m.InvokeVoidAsync("applyRemote", editorId, epoch, number, localSeen, operationsJson).AsTask());

    Task ILiveEditorView.Reset(int epoch, string text) =>
        ApplyRemoteInBrowser(m => m.InvokeVoidAsync("reset", editorId, epoch, text).AsTask());

    async Task ShowCursors(IReadOnlyList<PresenceEntry> entries)
    {
        present = entries;
        if (module is null || disposed)
            return;
        var cursors = new List<object>();
        foreach (var entry in entries)
        {
            if (entry.UserId == Me || entry.Branch != Where.Branch || entry.Path != Path || !TryParseCursor(entry.Cursor, out var anchor, out var head))
                continue;
            cursors.Add(new { name = entry.DisplayName, color = PresenceColors.Of(entry.UserId), anchor, head });
        }
        try
        {
            await module.InvokeVoidAsync("showCursors", editorId, cursors);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    static bool TryParseCursor(string? cursor, out int anchor, out int head)
    {
        anchor = head = 0;
        var parts = cursor?.Split(':');
        return parts is { Length: 2 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out anchor)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out head);
    }

    /// <summary>Puts the engine's errors and warnings for this file at their lines.</summary>
    async Task ShowValidation()
    {
        if (module is null || disposed)
            return;
        try
        {
            var report = await Engine.Validate(Where);
            var markers = ValidationProblem.From(report)
                .Where(p => p.File == Path)
                .Select(p => new { line = p.Line ?? 0, severity = "error", message = p.Message })
                .Concat(report.Warnings.Where(w => w.File == Path).Select(w => new { line = w.Line ?? 0, severity = "warning", message = w.Message }))
                .ToList();
            await module.InvokeVoidAsync("showDiagnostics", editorId, markers);
            await Validated.InvokeAsync(report);
        }
        catch (JSDisconnectedException)
        {
        }
        catch (Exception e)
        {
            Logger.LogDebug(e, "Showing validation markers for {Path} failed", Path);
        }
    }

    /// <summary>Selects a line (links to "file:line").</summary>
    public async Task SelectLine(int line)
    {
        await editorReady.Task;
        if (module is not null)
            await module.InvokeAsync<bool>("selectLine", editorId, line);
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        foreach (var subscription in subscriptions)
            await Quietly(() => subscription.DisposeAsync().AsTask());
        if (session is not null)
            await session.DisposeAsync();
        if (link is not null)
            await Quietly(link.Close);
        await Quietly(() => Collaboration.Point(Where.RepositoryId, null, null));
        if (module is not null)
        {
            await Quietly(async () => await module.InvokeVoidAsync("destroy", editorId));
            await Quietly(async () => await module.DisposeAsync());
        }
        self?.Dispose();
    }

    async Task Quietly(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (JSDisconnectedException)
        {
        }
        catch (Exception e)
        {
            Logger.LogDebug(e, "Closing the live editor of {Path}", Path);
        }
    }

    sealed class Server(CollaborationService.DocumentLink link) : ILiveDocumentServer
    {
        public Task<DocumentSnapshot> Open() => link.Open();

        public Task<long> Edit(long baseVersion, string operationsJson) => link.Edit(baseVersion, operationsJson);
    }
}
