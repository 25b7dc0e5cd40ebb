using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.Repositories;

[Collection(ClusterCollection.Name)]
public class RepositoryGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_new_repository_is_owned_by_its_creator_and_listed_for_them()
    {
        var repo = await NewRepository(fixture.Grains);

        var info = await fixture.Grains.GetGrain<IRepositoryGrain>(repo).Get(Alice.UserId);

        Assert.Equal(RepositoryRole.Owner, info.Role);
        Assert.Equal("main", info.DefaultBranch);
        Assert.Equal(["main"], info.Branches);
        Assert.Contains(repo, await fixture.Grains.GetGrain<IUserGrain>(Alice.UserId).GetRepositories());
        Assert.Equal(RepositoryRole.Owner, Assert.Single(await fixture.Grains.GetGrain<IRepositoryGrain>(repo).GetMembers()).Role);
    }

    [Fact]
    public async Task The_first_commit_holds_the_template_and_is_authored_by_the_creator()
    {
        var repo = await NewRepository(fixture.Grains, RepositoryTemplate.Starter);
        var log = await fixture.Grains.MainBranch(repo).GetLog(null, 10);

        var first = Assert.Single(log);
        Assert.Equal("Alice Adams", first.Author);
        Assert.Empty((await fixture.Grains.MainBranch(repo).GetStatus()).Changes);
        Assert.True((await fixture.Grains.MainBranch(repo).Validate()).Ok);
    }

    [Fact]
    public async Task An_outsider_cannot_tell_the_repository_exists()
    {
        var repo = await NewRepository(fixture.Grains);
        var grain = fixture.Grains.GetGrain<IRepositoryGrain>(repo);

        var asOutsider = await Assert.ThrowsAsync<NotFoundException>(() => grain.Authorize(Bob.UserId, RepositoryRole.Viewer));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() =>
            fixture.Grains.GetGrain<IRepositoryGrain>("never-created-0001").Authorize(Bob.UserId, RepositoryRole.Viewer));

        Assert.Equal(unknown.Message, asOutsider.Message);
    }

    [Fact]
    public async Task The_owner_passes_every_role_check() =>
        Assert.Equal(RepositoryRole.Owner, await fixture.Grains.GetGrain<IRepositoryGrain>(await NewRepository(fixture.Grains)).Authorize(Alice.UserId, RepositoryRole.Owner));

    [Fact]
    public async Task Creating_the_same_repository_twice_is_a_conflict()
    {
        var repo = await NewRepository(fixture.Grains);
        await Assert.ThrowsAsync<ConflictException>(() =>
            fixture.Grains.GetGrain<IRepositoryGrain>(repo).Create("Again", null, RepositoryTemplate.Empty, Bob));
    }

    [Fact]
    public async Task A_repository_without_a_name_is_refused_and_leaves_nothing_behind()
    {
        var id = RepositoryNames.NewId("x");
        await Assert.ThrowsAsync<BadRequestException>(() => fixture.Grains.GetGrain<IRepositoryGrain>(id).Create("  ", null, RepositoryTemplate.Empty, Alice));
        Assert.False(Directory.Exists(Path.Combine(fixture.DataPath, "repos", id)));
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Grains.GetGrain<IRepositoryGrain>(id).Get(Alice.UserId));
    }
}
