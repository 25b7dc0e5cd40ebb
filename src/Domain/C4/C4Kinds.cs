namespace ContextKit.Domain.C4;

/// <summary>
/// The node kinds of a projection, in the order statistics list them, and the kind words a flowchart-style
/// label may use after <c>::</c> (context-repo-format §10).
/// </summary>
public static class C4Kinds
{
    public const string System = "system";
    public const string Container = "container";
    public const string Component = "component";
    public const string Datastore = "datastore";
    public const string Queue = "queue";
    public const string External = "external";

    public static IReadOnlyList<string> All { get; } = [System, Container, Component, Datastore, Queue, External];

    static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["person"] = External, ["actor"] = External, ["user"] = External, ["external"] = External,
        ["system"] = System,
        ["container"] = Container, ["service"] = Container, ["app"] = Container,
        ["component"] = Component,
        ["datastore"] = Datastore, ["database"] = Datastore, ["db"] = Datastore, ["store"] = Datastore,
        ["queue"] = Queue, ["topic"] = Queue, ["bus"] = Queue, ["stream"] = Queue,
    };

    /// <summary>The kind a flowchart kind word stands for, or null when the word is not a known one.</summary>
    public static string? OfWord(string word) => Words.GetValueOrDefault(word.Trim());
}
