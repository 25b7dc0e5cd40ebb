using ContextKit.Grains.Contracts;
using ContextKit.Grains.Tests.Fixtures;
using static ContextKit.Grains.Tests.Fixtures.TestData;

namespace ContextKit.Grains.Tests.Workspaces;

[Collection(ClusterCollection.Name)]
public class WorkspaceGrainTests(ClusterFixture fixture)
{
    const string Feature = "contexts/features/FEAT-001-tool-catalogue-and-search.yaml";

    [Fact]
    public async Task A_write_entering_the_cluster_on_one_silo_is_read_back_through_the_other()
    {
        var repo = await NewRepository(fixture.Grains);
        var current = await fixture.GrainsOnSilo(0).MainBranch(repo).ReadFile(Feature);

        await fixture.GrainsOnSilo(0).MainBranch(repo).WriteFile(Feature, Bytes("id: FEAT-001\ntitle: Changed on silo 0\nstatus: done\n"), WriteCondition.Replace(current.ETag), Alice);
        var read = await fixture.GrainsOnSilo(1).MainBranch(repo).ReadFile(Feature);

        Assert.Contains("Changed on silo 0", Text(read.Content));
    }

    [Fact]
    public async Task A_write_survives_the_workspace_being_deactivated_because_the_working_tree_is_the_truth()
    {
        var repo = await NewRepository(fixture.Grains);
        await fixture.Grains.MainBranch(repo).WriteFile("notes/todo.md", Bytes("# Todo\n"), WriteCondition.Create, Alice);

        await fixture.Cluster.DeactivateAsync(fixture.Grains.MainBranch(repo));
        var status = await fixture.Grains.MainBranch(repo).GetStatus();

        Assert.Equal("# Todo\n", Text((await fixture.Grains.MainBranch(repo).ReadFile("notes/todo.md")).Content));
        var change = Assert.Single(status.Changes);
        Assert.Equal("added", change.State);
        Assert.Equal("Alice Adams", Assert.Single(change.Editors).DisplayName);
    }

    [Fact]
    public async Task The_version_of_a_file_is_its_git_blob_id()
    {
        var repo = await NewRepository(fixture.Grains, Domain.Templates.RepositoryTemplate.Empty);
        var result = await fixture.Grains.MainBranch(repo).WriteFile("hello.txt", Bytes("hello\n"), WriteCondition.Create, Alice);
        // `printf 'hello\n' | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", result.ETag);
        Assert.True(result.Created);
    }

    [Fact]
    public async Task A_stale_write_is_refused_with_the_current_version_and_writes_nothing()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        var loaded = await workspace.ReadFile(Feature);
        var bobs = await workspace.WriteFile(Feature, Bytes("id: FEAT-001\ntitle: Bob's\nstatus: done\n"), WriteCondition.Replace(loaded.ETag), Bob);

        var refused = await Assert.ThrowsAsync<RevisionConflictException>(() =>
            workspace.WriteFile(Feature, Bytes("id: FEAT-001\ntitle: Alice's\nstatus: done\n"), WriteCondition.Replace(loaded.ETag), Alice));

        Assert.Equal(bobs.ETag, refused.CurrentETag);
        Assert.Contains("Bob's", Text((await workspace.ReadFile(Feature)).Content));
    }

    [Fact]
    public async Task Creating_a_file_that_exists_is_refused()
    {
        var repo = await NewRepository(fixture.Grains);
        var refused = await Assert.ThrowsAsync<RevisionConflictException>(() =>
            fixture.Grains.MainBranch(repo).WriteFile(Feature, Bytes("x: 1\n"), WriteCondition.Create, Alice));
        Assert.NotNull(refused.CurrentETag);
    }

    [Fact]
    public async Task Of_two_writes_from_the_same_version_at_the_same_moment_exactly_one_wins()
    {
        var repo = await NewRepository(fixture.Grains);
        var loaded = await fixture.Grains.MainBranch(repo).ReadFile(Feature);
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await fixture.GrainsOnSilo(i % 2).MainBranch(repo).WriteFile(Feature, Bytes($"id: FEAT-001\ntitle: Writer {i}\nstatus: done\n"), WriteCondition.Replace(loaded.ETag), Alice);
                return true;
            }
            catch (RevisionConflictException)
            {
                return false;
            }
        });

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task A_commit_records_its_author_credits_the_other_editors_and_clears_the_changes()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        var loaded = await workspace.ReadFile(Feature);
        var afterBob = await workspace.WriteFile(Feature, Bytes("id: FEAT-001\ntitle: Bob's edit\nstatus: done\n"), WriteCondition.Replace(loaded.ETag), Bob);
        await workspace.WriteFile(Feature, Bytes("id: FEAT-001\ntitle: Alice's edit\nstatus: done\n"), WriteCondition.Replace(afterBob.ETag), Alice);
        await workspace.WriteFile("notes/unrelated.md", Bytes("# Not committed\n"), WriteCondition.Create, Bob);

        var commit = await workspace.Commit("Retitle the catalogue feature", [Feature], Alice);
        var log = await workspace.GetLog(null, 10);
        var status = await workspace.GetStatus();

        Assert.Equal("Alice Adams", commit.Author);
        Assert.Equal(["Bob Brown"], commit.CoAuthors);
        Assert.Equal(commit.Commit, log[0].Commit);
        Assert.Equal("Retitle the catalogue feature", log[0].Message);
        Assert.Equal(commit.Commit, status.Head);
        Assert.Equal(["notes/unrelated.md"], status.Changes.Select(c => c.Path));
        Assert.Single(await workspace.GetLog(Feature, 10), c => c.Commit == commit.Commit);
    }

    [Fact]
    public async Task A_commit_with_nothing_to_commit_says_so()
    {
        var repo = await NewRepository(fixture.Grains);
        var refused = await Assert.ThrowsAsync<BadRequestException>(() => fixture.Grains.MainBranch(repo).Commit("Nothing", null, Alice));
        Assert.Equal("There is nothing to commit.", refused.Message);
    }

    [Fact]
    public async Task A_commit_without_a_message_is_refused() =>
        await Assert.ThrowsAsync<BadRequestException>(async () =>
            await fixture.Grains.MainBranch(await NewRepository(fixture.Grains)).Commit("  ", null, Alice));

    [Fact]
    public async Task A_deleted_file_shows_as_deleted_and_can_be_committed()
    {
        var repo = await NewRepository(fixture.Grains);
        var workspace = fixture.Grains.MainBranch(repo);
        var loaded = await workspace.ReadFile(Feature);

        await workspace.DeleteFile(Feature, loaded.ETag, Alice);

        Assert.Equal("deleted", Assert.Single((await workspace.GetStatus()).Changes).State);
        await Assert.ThrowsAsync<NotFoundException>(() => workspace.ReadFile(Feature));
        await workspace.Commit("Drop the feature", null, Alice);
        Assert.Empty((await workspace.GetStatus()).Changes);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData(".git/config")]
    [InlineData("/etc/passwd")]
    public async Task Paths_outside_the_working_tree_are_refused(string path)
    {
        var repo = await NewRepository(fixture.Grains);
        await Assert.ThrowsAsync<InvalidRepositoryPathException>(() => fixture.Grains.MainBranch(repo).WriteFile(path, Bytes("x"), WriteCondition.Create, Alice));
        await Assert.ThrowsAsync<InvalidRepositoryPathException>(() => fixture.Grains.MainBranch(repo).ReadFile(path));
    }

    [Fact]
    public async Task A_symbolic_link_leading_out_of_the_working_tree_is_not_followed()
    {
        var repo = await NewRepository(fixture.Grains);
        await fixture.Grains.MainBranch(repo).ListTree("");
        var worktree = Directory.GetDirectories(Path.Combine(fixture.DataPath, "repos", repo, "worktrees")).Single();
        var outside = Directory.CreateDirectory(Path.Combine(fixture.DataPath, "outside-" + repo));
        File.WriteAllText(Path.Combine(outside.FullName, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(worktree, "escape"), outside.FullName);

        await Assert.ThrowsAsync<BadRequestException>(() => fixture.Grains.MainBranch(repo).ReadFile("escape/secret.txt"));
        await Assert.ThrowsAsync<BadRequestException>(() =>
            fixture.Grains.MainBranch(repo).WriteFile("escape/planted.txt", Bytes("x"), WriteCondition.Create, Alice));
        Assert.False(File.Exists(Path.Combine(outside.FullName, "planted.txt")));
        Assert.DoesNotContain(await fixture.Grains.MainBranch(repo).ListTree(""), e => e.Path == "escape");
    }

    [Fact]
    public async Task The_tree_lists_folders_first_and_hides_git()
    {
        var repo = await NewRepository(fixture.Grains);
        var root = await fixture.Grains.MainBranch(repo).ListTree("");
        Assert.Equal("dir", root[0].Kind);
        Assert.DoesNotContain(root, e => e.Path == ".git");
        Assert.Contains(root, e => e.Path == "README.md" && e.Kind == "file" && e.Size > 0);
        Assert.Contains(await fixture.Grains.MainBranch(repo).ListTree("contexts"), e => e.Path == "contexts/features");
    }

    [Fact]
    public async Task A_branch_that_does_not_exist_is_not_found()
    {
        var repo = await NewRepository(fixture.Grains);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            fixture.Grains.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(repo, "no-such-branch")).ListTree(""));
    }

    [Fact]
    public async Task Validation_reports_a_file_that_does_not_parse_after_the_write_that_broke_it()
    {
        var repo = await NewRepository(fixture.Grains);
        var loaded = await fixture.Grains.MainBranch(repo).ReadFile(Feature);
        var result = await fixture.Grains.MainBranch(repo).WriteFile(Feature, Bytes("id: FEAT-001\ntitle: [oops\n"), WriteCondition.Replace(loaded.ETag), Alice);

        Assert.False(result.Validation.Ok);
        Assert.Equal(Feature, Assert.Single(result.Validation.SchemaErrors).File);
    }
}
