using System.Text;
using ContextKit.Domain.Repositories;
using ContextKit.Domain.Templates;
using ContextKit.Grains.Contracts;

namespace ContextKit.Grains.Tests.Fixtures;

/// <summary>People and repositories the grain tests act with.</summary>
public static class TestData
{
    public static Actor Alice { get; } = new("a11ce000000000000000000000000001", "Alice Adams", "alice@example.com");

    public static Actor Bob { get; } = new("b0b00000000000000000000000000002", "Bob Brown", "bob@example.com");

    public static async Task<string> NewRepository(IGrainFactory grains, RepositoryTemplate template = RepositoryTemplate.Starter, Actor? owner = null)
    {
        var id = RepositoryNames.NewId("test");
        await grains.GetGrain<IRepositoryGrain>(id).Create("Test repository", null, template, owner ?? Alice);
        return id;
    }

    public static IWorkspaceGrain MainBranch(this IGrainFactory grains, string repositoryId) =>
        grains.GetGrain<IWorkspaceGrain>(WorkspaceKey.For(repositoryId, "main"));

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
