namespace ContextKit.Domain.Editing;

/// <summary>
/// The order in which keys are written, read from dotted paths such as <c>id</c>, <c>related.feature</c>
/// and <c>principles[].requirements[].severity</c> (see <see cref="SchemaPropertyOrder"/>): each mapping
/// lists its known keys first, in this order, then the rest in the order the data has them.
/// </summary>
sealed class PropertyOrder
{
    readonly List<string> names = [];
    readonly Dictionary<string, PropertyOrder> children = new(StringComparer.Ordinal);

    /// <summary>The order for the items of a list held under this path.</summary>
    public PropertyOrder? Items { get; private set; }

    public static PropertyOrder? From(IReadOnlyList<string>? paths)
    {
        if (paths is null || paths.Count == 0)
            return null;
        var root = new PropertyOrder();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in path.Split('.'))
            {
                var name = segment;
                var depth = 0;
                while (name.EndsWith("[]", StringComparison.Ordinal))
                {
                    name = name[..^2];
                    depth++;
                }
                node = node.Child(name, create: true)!;
                for (var i = 0; i < depth; i++)
                    node = node.Items ??= new PropertyOrder();
            }
        }
        return root;
    }

    public PropertyOrder? Child(string name, bool create = false)
    {
        if (children.TryGetValue(name, out var child))
            return child;
        if (!create)
            return null;
        names.Add(name);
        return children[name] = new PropertyOrder();
    }

    /// <summary>Where <paramref name="name"/> stands in the order, or -1 when the order does not know it.</summary>
    public int IndexOf(string name) => names.IndexOf(name);

    /// <summary>Known keys in this order, then the others as given.</summary>
    public IEnumerable<string> Sort(IEnumerable<string> keys)
    {
        var all = keys.ToList();
        var present = new HashSet<string>(all, StringComparer.Ordinal);
        return names.Where(present.Contains).Concat(all.Where(k => IndexOf(k) < 0));
    }
}
