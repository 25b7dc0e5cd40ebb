using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;
using Orleans.Streams;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.ChangeFeed;

[Collection(ClusterCollection.Name)]
public class ChangeFeedTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_change_is_published_with_the_next_sequence_number_of_its_repository()
    {
        var repo = await NewRepository(fixture.Grains);
        var received = new List<ChangeEvent>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.Cluster.Client.GetStreamProvider(ChangeFeedStream.Provider)
            .GetStream<ChangeEvent>(StreamId.Create(ChangeFeedStream.Namespace, repo));
        var subscription = await stream.SubscribeAsync((change, _) =>
        {
            lock (received)
            {
                received.Add(change);
                if (received.Count == 3)
                    third.TrySetResult();
            }
            return Task.CompletedTask;
        });

        var workspace = fixture.Grains.MainBranch(repo);
        await workspace.WriteFile("a.md", Bytes("a"), WriteCondition.Create, Alice);
        await workspace.WriteFile("b.md", Bytes("b"), WriteCondition.Create, Bob);
        var commit = await workspace.Commit("Add notes", null, Alice);

        await third.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await subscription.UnsubscribeAsync();
        Assert.Equal([2L, 3L, 4L], received.Select(e => e.Sequence));
        Assert.Equal([ChangeKinds.FileWritten, ChangeKinds.FileWritten, ChangeKinds.Committed], received.Select(e => e.Kind));
        Assert.Equal(commit.Commit, received[2].Commit);
        Assert.Equal(Bob.UserId, received[1].Actor);
        Assert.Equal(["a.md"], received[0].Paths);
    }

    [Fact]
    public async Task A_reader_that_missed_events_gets_them_from_the_feed()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        for (var i = 0; i < 5; i++)
            await workspace.WriteFile($"n{i}.md", Bytes("x"), WriteCondition.Create, Alice);

        var page = await fixture.Grains.GetGrain<IChangeFeedGrain>(repo).GetSince(3, 100);

        Assert.Equal(6, page.Sequence);
        Assert.Equal([4L, 5L, 6L], page.Events.Select(e => e.Sequence));
        Assert.False(page.Truncated);
        Assert.Equal(ChangeKinds.RepositoryCreated, (await fixture.Grains.GetGrain<IChangeFeedGrain>(repo).GetSince(0, 1)).Events.Single().Kind);
    }

    [Fact]
    public async Task Sequence_numbers_are_per_repository()
    {
        var first = await NewRepository(fixture.Grains);
        var second = await NewRepository(fixture.Grains);
        await fixture.Grains.MainBranch(first).WriteFile("x.md", Bytes("x"), WriteCondition.Create, Alice);

        Assert.Equal(2, await fixture.Grains.GetGrain<IChangeFeedGrain>(first).GetSequence());
        Assert.Equal(1, await fixture.Grains.GetGrain<IChangeFeedGrain>(second).GetSequence());
    }
}
