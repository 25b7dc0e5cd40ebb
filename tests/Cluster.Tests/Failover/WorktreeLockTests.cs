using System.Net;
using ContextKit.Cluster.Tests.Infrastructure;

namespace ContextKit.Cluster.Tests.Failover;

[Collection(ClusterCollection.Name)]
public sealed class WorktreeLockTests(Services services)
{
    [Fact]
    public async Task A_second_activation_of_a_workspace_elsewhere_is_kept_off_the_working_tree_by_the_branch_lock()
    {
        await using var cluster = await TestCluster.Create(services.Postgres);
        using var seeded = await Seeded.OnFirstNode(cluster);
        var (email, repository) = (seeded.Email, seeded.Repository);
        var lockPath = Path.Combine(cluster.RepositoriesPath, repository, "locks", "main.lock");

        // The node's live workspace holds the lock: another process cannot take it.
        Assert.ThrowsAny<IOException>(() => new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));

        // The node leaves; this test process now plays a stale activation on another node that still holds the lock.
        await cluster.StopAll();
        await using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var second = await cluster.StartNode();
            using var throughSecond = await ProductClient.SignIn(second.Url, email);
            using var refused = await throughSecond.TryCreateFile(repository, "notes/two.md", "two\n");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("busy on another node", await refused.Content.ReadAsStringAsync());
            Assert.False(File.Exists(Path.Combine(cluster.RepositoriesPath, repository, "worktrees", "main", "notes", "two.md")));
        }

        // Once the other holder lets go, the branch is served again.
        using var again = await ProductClient.SignIn(cluster.Nodes[0].Url, email);
        await again.CreateFile(repository, "notes/two.md", "two\n");
        Assert.Equal(Seeded.Text, await again.ReadFile(repository, Seeded.File));
    }
}
