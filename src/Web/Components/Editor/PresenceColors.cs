namespace ContextKit.Web.Components.Editor;

/// <summary>One colour per person, the same on every screen (their cursor, avatar and markers).</summary>
public static class PresenceColors
{
    static readonly string[] Palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#008080", "#f032e6", "#9a6324", "#800000", "#000075"];

    public static string Of(string userId)
    {
        // A stable hash (string.GetHashCode differs between processes, and people sit on different nodes).
        uint hash = 2166136261;
        foreach (var c in userId)
            hash = (hash ^ c) * 16777619;
        return Palette[hash % (uint)Palette.Length];
    }

    /// <summary>Up to two initials of a display name, for avatars.</summary>
    public static string Initials(string displayName)
    {
        var words = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            0 => "?",
            1 => words[0][..1].ToUpperInvariant(),
            _ => (words[0][..1] + words[^1][..1]).ToUpperInvariant(),
        };
    }
}
