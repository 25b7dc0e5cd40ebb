namespace ContextKit.Domain.Editing;

/// <summary>The original file text with the line arithmetic the editor needs; positions are UTF-16 offsets.</summary>
sealed class SourceText(string text)
{
    public string Text { get; } = text;

    /// <summary>The file's own line break, so that inserted lines match the lines around them.</summary>
    public string Newline { get; } = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    public int Length => Text.Length;

    public int LineStart(int at)
    {
        var i = Math.Min(at, Text.Length);
        while (i > 0 && Text[i - 1] != '\n')
            i--;
        return i;
    }

    /// <summary>The position of the line break ending the line of <paramref name="at"/> (or the end of the text).</summary>
    public int LineEnd(int at)
    {
        var i = Math.Min(at, Text.Length);
        while (i < Text.Length && Text[i] != '\n')
            i++;
        return i < Text.Length && i > at && Text[i - 1] == '\r' ? i - 1 : i;
    }

    /// <summary>The start of the next line after the one holding <paramref name="at"/> (or the end of the text).</summary>
    public int NextLineStart(int at)
    {
        var i = Math.Min(at, Text.Length);
        while (i < Text.Length && Text[i] != '\n')
            i++;
        return Math.Min(i + 1, Text.Length);
    }

    /// <summary>True when only spaces come before <paramref name="at"/> on its line.</summary>
    public bool IsLineLeading(int at)
    {
        for (var i = LineStart(at); i < at; i++)
            if (Text[i] is not (' ' or '\t'))
                return false;
        return true;
    }

    /// <summary>What follows <paramref name="at"/> on its line, without the line break.</summary>
    public string RestOfLine(int at) => Text[Math.Min(at, Text.Length)..LineEnd(at)];

    /// <summary>The rest of the line holds nothing but spaces and perhaps a comment.</summary>
    public bool RestIsBlankOrComment(int at)
    {
        var rest = RestOfLine(at).TrimStart(' ', '\t');
        return rest.Length == 0 || rest[0] == '#';
    }

    public int Column(int at) => at - LineStart(at);
}
