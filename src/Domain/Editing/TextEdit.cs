namespace ContextKit.Domain.Editing;

/// <summary>Replace the text in [<see cref="Start"/>, <see cref="End"/>) by <see cref="Text"/>; an insertion when the range is empty.</summary>
readonly record struct TextEdit(int Start, int End, string Text);
