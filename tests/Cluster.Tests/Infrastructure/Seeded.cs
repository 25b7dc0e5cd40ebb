namespace ContextKit.Cluster.Tests.Infrastructure;

/// <summary>
/// A cluster's first node with a person signed up and a repository holding <see cref="File"/>, all made while
/// that node was alone: every grain involved (the user, the repository, the branch's workspace) lives on it.
/// </summary>
public sealed record Seeded(SiloNode Node, string Email, ProductClient Client, string Repository) : IDisposable
{
    public const string File = "notes/before.md";
    public const string Text = "before\n";

    public static async Task<Seeded> OnFirstNode(TestCluster cluster)
    {
        var node = await cluster.StartNode();
        var (email, client) = await ProductClient.SignUp(node.Url);
        var repository = await client.CreateRepository();
        await client.CreateFile(repository, File, Text);
        return new Seeded(node, email, client, repository);
    }

    public void Dispose() => Client.Dispose();
}
