using ContextKit.Grains.Contracts;
using Orleans.Streams;

namespace ContextKit.Grains.ChangeFeed;

/// <summary>
/// Numbers a repository's changes, keeps the most recent <see cref="Retained"/> for catch-up and
/// publishes each on the repository's stream. The event is saved before it is published, so a
/// reader that saw sequence N on the stream can always fetch N again through <see cref="GetSince"/>.
/// </summary>
public sealed class ChangeFeedGrain([PersistentState("feed", "state")] IPersistentState<ChangeFeedState> state) : Grain, IChangeFeedGrain
{
    public const int Retained = 1000;

    IAsyncStream<ChangeEvent>? stream;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        stream = this.GetStreamProvider(ChangeFeedStream.Provider)
            .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, this.GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public async Task<ChangeEvent> Publish(ChangeDraft change)
    {
        var published = new ChangeEvent(this.GetPrimaryKeyString(), state.State.Sequence + 1, change.Kind, change.Branch,
            change.Paths, change.Commit, change.Actor, DateTimeOffset.UtcNow, change.Validation, PullRequest: change.PullRequest);
        state.State.Sequence = published.Sequence;
        state.State.Events.Add(published);
        if (state.State.Events.Count > Retained)
            state.State.Events.RemoveRange(0, state.State.Events.Count - Retained);
        await state.WriteStateAsync();
        await stream!.OnNextAsync(published);
        return published;
    }

    public Task<ChangeFeedPage> GetSince(long since, int max)
    {
        var events = state.State.Events;
        var oldestKept = events.Count > 0 ? events[0].Sequence : state.State.Sequence + 1;
        var page = events.Where(e => e.Sequence > since).Take(Math.Clamp(max, 1, Retained)).ToList();
        return Task.FromResult(new ChangeFeedPage(page, state.State.Sequence, Truncated: since + 1 < oldestKept));
    }

    public Task<long> GetSequence() => Task.FromResult(state.State.Sequence);
}

[GenerateSerializer, Alias("ck.change-feed-state")]
public sealed class ChangeFeedState
{
    [Id(0)] public int Version { get; set; } = 1;
    [Id(1)] public long Sequence { get; set; }
    [Id(2)] public List<ChangeEvent> Events { get; set; } = [];
}
