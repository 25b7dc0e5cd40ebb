namespace ContextKit.Domain.C4;

/// <summary>
/// The arguments of a native C4 statement such as <c>Container(api, "Billing API", ".NET", $tags="v1")</c>:
/// positional ones in order, and <c>$name=value</c> ones by name. Quoted arguments may contain commas.
/// </summary>
internal sealed class C4Arguments
{
    readonly List<string> positional = [];
    readonly Dictionary<string, string> named = new(StringComparer.OrdinalIgnoreCase);

    public static C4Arguments Parse(string text)
    {
        var arguments = new C4Arguments();
        var parts = C4Header.SplitTopLevel(text);
        if (parts.Count == 1 && parts[0].Trim().Length == 0)
            return arguments;
        foreach (var part in parts.Select(p => p.Trim()))
        {
            var equals = part.IndexOf('=');
            if (part.StartsWith('$') && equals > 1)
                arguments.named[part[1..equals].Trim()] = C4Header.Unquote(part[(equals + 1)..]);
            else
                arguments.positional.Add(C4Header.Unquote(part));
        }
        return arguments;
    }

    /// <summary>The positional argument at <paramref name="index"/>, null when absent or empty.</summary>
    public string? At(int index) => index >= 0 && index < positional.Count && positional[index].Length > 0 ? positional[index] : null;

    /// <summary>The <c>$name=</c> argument when given (and not empty), else the positional one at <paramref name="index"/>.</summary>
    public string? Get(string name, int index) =>
        named.TryGetValue(name, out var value) && value.Length > 0 ? value : At(index);

    /// <summary>The arguments from <paramref name="skip"/> on, e.g. without the leading index of <c>RelIndex</c>.</summary>
    public C4Arguments Skip(int skip)
    {
        var rest = new C4Arguments();
        rest.positional.AddRange(positional.Skip(skip));
        foreach (var (key, value) in named)
            rest.named[key] = value;
        return rest;
    }
}
