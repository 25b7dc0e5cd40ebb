using System.Text;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Documents;
using ContextKit.Grains.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.Documents;

/// <summary>
/// A live session whose node died leaves its state in grain storage; the next activation carries on from it. Here the
/// state is written as the dead node left it, and the document is activated afresh.
/// </summary>
[Collection(ClusterCollection.Name)]
public class DocumentRecoveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_session_left_by_a_dead_node_goes_on_at_its_version_with_its_unsaved_edits_and_saves_them()
    {
        var (repo, key, etag) = await FileWithLeftSession("Hello\n");
        await Leave(key, new LiveDocumentState { Version = 7, Text = "Hello, world\n", SavedETag = etag, LastEditor = Alice });

        var document = fixture.Grains.GetGrain<IDocumentGrain>(key);
        var snapshot = await document.Open(Alice, "c1");
        Assert.Equal(new DocumentSnapshot("Hello, world\n", 7), snapshot);
        Assert.Equal(8, await document.Edit(7, """[{"retain":12},{"insert":"!"},{"retain":1}]""", Alice));
        await document.Close("c1");

        Assert.Equal("Hello, world!\n", Encoding.UTF8.GetString((await fixture.Grains.MainBranch(repo).ReadFile("notes/live.md")).Content));
        // The session ended: the next one starts from the file at version 0.
        Assert.Equal(new DocumentSnapshot("Hello, world!\n", 0), await fixture.Grains.GetGrain<IDocumentGrain>(key).Open(Bob, "c2"));
        await fixture.Grains.GetGrain<IDocumentGrain>(key).Close("c2");
    }

    [Fact]
    public async Task A_write_by_another_route_while_no_node_held_the_session_wins_over_its_unsaved_edits()
    {
        var (repo, key, etag) = await FileWithLeftSession("Hello\n");
        await Leave(key, new LiveDocumentState { Version = 3, Text = "Hello, world\n", SavedETag = etag, LastEditor = Alice });
        await fixture.Grains.MainBranch(repo).WriteFile("notes/live.md", Bytes("Rewritten\n"), WriteCondition.Replace(etag), Bob);

        var document = fixture.Grains.GetGrain<IDocumentGrain>(key);
        var snapshot = await document.Open(Alice, "c1");
        await document.Close("c1");

        // A later version than any participant had, so each reopens rather than editing text it never saw.
        Assert.Equal(new DocumentSnapshot("Rewritten\n", 4), snapshot);
        Assert.Equal("Rewritten\n", Encoding.UTF8.GetString((await fixture.Grains.MainBranch(repo).ReadFile("notes/live.md")).Content));
    }

    async Task<(string Repo, string Key, string ETag)> FileWithLeftSession(string text)
    {
        var repo = await NewRepository(fixture.Grains);
        var written = await fixture.Grains.MainBranch(repo).WriteFile("notes/live.md", Bytes(text), WriteCondition.Create, Alice);
        return (repo, DocumentKey.For(repo, "main", "notes/live.md"), written.ETag);
    }

    /// <summary>Writes the document's grain state as a node that died in the middle of a session leaves it.</summary>
    Task Leave(string key, LiveDocumentState state)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("state");
        return storage.WriteStateAsync("document", GrainId.Create("document", key), new GrainState<LiveDocumentState>(state));
    }
}
