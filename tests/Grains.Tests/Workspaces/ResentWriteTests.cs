using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.Workspaces;

/// <summary>A conditional write sent again after its node left without answering (<see cref="ResentCall"/>).</summary>
[Collection(ClusterCollection.Name)]
public class ResentWriteTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_resent_create_that_finds_its_own_bytes_answers_created_as_the_first_attempt_would_have()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        var first = await workspace.WriteFile("notes/once.md", Bytes("# Once\n"), WriteCondition.Create, Alice);

        var again = await Resent(() => workspace.WriteFile("notes/once.md", Bytes("# Once\n"), WriteCondition.Create, Alice));

        Assert.True(again.Created);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal("# Once\n", Text((await workspace.ReadFile("notes/once.md")).Content));
    }

    [Fact]
    public async Task A_resent_replace_that_finds_its_own_bytes_succeeds_but_one_that_finds_other_bytes_is_refused()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        var created = await workspace.WriteFile("notes/page.md", Bytes("v1\n"), WriteCondition.Create, Alice);
        var replaced = await workspace.WriteFile("notes/page.md", Bytes("v2\n"), WriteCondition.Replace(created.ETag), Alice);

        var again = await Resent(() => workspace.WriteFile("notes/page.md", Bytes("v2\n"), WriteCondition.Replace(created.ETag), Alice));
        var refused = await Assert.ThrowsAsync<RevisionConflictException>(() =>
            Resent(() => workspace.WriteFile("notes/page.md", Bytes("someone else's\n"), WriteCondition.Replace(created.ETag), Bob)));

        Assert.False(again.Created);
        Assert.Equal(replaced.ETag, again.ETag);
        Assert.Equal(replaced.ETag, refused.CurrentETag);
        Assert.Equal("v2\n", Text((await workspace.ReadFile("notes/page.md")).Content));
    }

    [Fact]
    public async Task A_create_that_is_not_resent_is_refused_even_with_the_same_bytes()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        await workspace.WriteFile("notes/twice.md", Bytes("same\n"), WriteCondition.Create, Alice);

        await Assert.ThrowsAsync<RevisionConflictException>(() =>
            workspace.WriteFile("notes/twice.md", Bytes("same\n"), WriteCondition.Create, Bob));
    }

    static async Task<T> Resent<T>(Func<Task<T>> call)
    {
        ResentCall.Mark();
        return await call();
    }
}
