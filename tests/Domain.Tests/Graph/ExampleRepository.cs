using System.Collections.Immutable;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.Tests.Graph;

/// <summary>
/// The "base repo" of context-repo-format §14, as in-memory files that tests edit one at a time:
/// FEAT-001 (userStories [US-001], tasks [T-001]), US-001, SPEC-001, T-001 (todo, related.feature FEAT-001,
/// owner "@a"), svc-git (api.version 1.0.0), pkg-context-sync, no constitution.
/// </summary>
public sealed record ExampleRepository(ImmutableSortedDictionary<string, string> Files)
{
    public const string Feature = "contexts/features/FEAT-001-context-sync.yaml";
    public const string Story = "contexts/userstories/US-001-sync-on-push.yaml";
    public const string Spec = "contexts/specs/SPEC-001-sync-protocol.yaml";
    public const string Task = "contexts/tasks/T-001-implement-sync.yaml";
    public const string Service = "contexts/services/svc-git.yaml";
    public const string Package = "contexts/packages/pkg-context-sync.yaml";

    public static ExampleRepository Base { get; } = new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
    {
        [Feature] = """
            id: FEAT-001
            title: Context sync
            status: in-progress
            userStories: [US-001]
            tasks: [T-001]
            """,
        [Story] = """
            id: US-001
            feature: FEAT-001
            asA: developer
            iWant: my context to sync when I push
            soThat: my team sees it
            acceptanceCriteria:
              - Sync runs on every push
              - Conflicts are reported
            """,
        [Spec] = """
            id: SPEC-001
            title: Sync protocol
            type: technical
            content: The client pushes a pack.
            """,
        [Task] = """
            id: T-001
            title: Implement sync
            status: todo
            related:
              feature: FEAT-001
            owner: "@a"
            """,
        [Service] = """
            id: svc-git
            name: Git service
            type: backend
            api:
              version: 1.0.0
            """,
        [Package] = """
            id: pkg-context-sync
            name: context-sync
            version: 1.0.0
            type: npm
            """,
    }));

    /// <summary>This repository with <paramref name="path"/> written (replaced or added).</summary>
    public ExampleRepository With(string path, string text) => new(Files.SetItem(path, text));

    public ExampleRepository Without(string path) => new(Files.Remove(path));

    public ContextIndex Index() => ContextIndex.Load(new InMemorySnapshot(Files));

    public ContextGraph Graph() => ContextGraph.Build(Index());
}
