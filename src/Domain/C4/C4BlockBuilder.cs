namespace ContextKit.Domain.C4;

/// <summary>
/// Collects what a parser reads from one C4 block — title, header, nodes, boundaries, relationships — and the
/// warnings on the way. The first declaration of an id wins; relationships are checked against the declared
/// elements only at the end, because Mermaid lets a relationship come before the elements it joins.
/// </summary>
internal sealed class C4BlockBuilder(string file, int block)
{
    readonly List<C4Node> nodes = [];
    readonly List<C4Boundary> boundaries = [];
    readonly List<(C4Relationship Relationship, int Line)> relationships = [];
    readonly List<C4Warning> warnings = [];
    readonly Dictionary<string, int> declaredAt = new(StringComparer.Ordinal);

    public string File => file;

    public int Block => block;

    public string? Title { get; set; }

    public C4Header? Header { get; set; }

    public IReadOnlyList<C4Node> Nodes => nodes;

    public IReadOnlyList<C4Boundary> Boundaries => boundaries;

    public IReadOnlyList<C4Warning> Warnings => warnings;

    public bool Declares(string id) => declaredAt.ContainsKey(id);

    /// <summary>The line each element was declared on.</summary>
    public IReadOnlyDictionary<string, int> DeclaredAt => declaredAt;

    public void AddNode(C4Node node, int line)
    {
        // Repeating a declaration word for word (common in flowcharts) is no conflict.
        if (nodes.Contains(node))
            return;
        if (Claim(node.Id, line))
            nodes.Add(node);
    }

    public void AddBoundary(C4Boundary boundary, int line)
    {
        if (Claim(boundary.Id, line))
            boundaries.Add(boundary);
    }

    public void AddRelationship(C4Relationship relationship, int line) => relationships.Add((relationship, line));

    public void Warn(int line, string message, string? element = null, string? hint = null) =>
        warnings.Add(new C4Warning(file, block, line, element, message, hint));

    /// <summary>The relationships whose both ends are declared elements; the others are dropped with a warning.</summary>
    public IReadOnlyList<C4Relationship> KnownRelationships()
    {
        var known = new List<C4Relationship>();
        foreach (var (relationship, line) in relationships)
        {
            var unknown = new[] { relationship.Source, relationship.Target }.Where(id => !Declares(id)).Distinct().ToList();
            if (unknown.Count == 0)
            {
                known.Add(relationship);
                continue;
            }
            Warn(line,
                $"Relationship {relationship.Source} -> {relationship.Target} dropped: unknown element {string.Join(", ", unknown)}",
                unknown[0]);
        }
        return known;
    }

    bool Claim(string id, int line)
    {
        if (declaredAt.TryAdd(id, line))
            return true;
        Warn(line, $"Element {id} is declared more than once; the first declaration is kept", id);
        return false;
    }
}
