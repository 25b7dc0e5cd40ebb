namespace ContextKit.Domain.Collaboration;

/// <summary>
/// Builds a <see cref="TextOperation"/> component by component, keeping it normalised as it goes: zero-length steps
/// are skipped, neighbours of the same kind merge, and an insert next to a delete is placed before it (both orders
/// give the same text, so one canonical order makes equal operations compare equal).
/// </summary>
public sealed class TextOperationBuilder
{
    readonly List<TextComponent> components = [];

    public TextOperationBuilder Retain(int length)
    {
        if (length < 0)
            throw new TextOperationException(TextOperationError.Malformed, $"A retain must count at least one UTF-16 code unit, got {length}.");
        if (length == 0)
            return this;
        if (components.Count > 0 && components[^1].Kind == TextComponentKind.Retain)
            components[^1] = TextComponent.Retain(checked(components[^1].Length + length));
        else
            components.Add(TextComponent.Retain(length));
        return this;
    }

    public TextOperationBuilder Delete(int length)
    {
        if (length < 0)
            throw new TextOperationException(TextOperationError.Malformed, $"A delete must count at least one UTF-16 code unit, got {length}.");
        if (length == 0)
            return this;
        if (components.Count > 0 && components[^1].Kind == TextComponentKind.Delete)
            components[^1] = TextComponent.Delete(checked(components[^1].Length + length));
        else
            components.Add(TextComponent.Delete(length));
        return this;
    }

    public TextOperationBuilder Insert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return this;
        var last = components.Count - 1;
        if (last >= 0 && components[last].Kind == TextComponentKind.Delete)
        {
            // Canonical order: the insert goes before the delete it touches.
            if (last >= 1 && components[last - 1].Kind == TextComponentKind.Insert)
                components[last - 1] = TextComponent.Insert(components[last - 1].Text + text);
            else
                components.Insert(last, TextComponent.Insert(text));
        }
        else if (last >= 0 && components[last].Kind == TextComponentKind.Insert)
            components[last] = TextComponent.Insert(components[last].Text + text);
        else
            components.Add(TextComponent.Insert(text));
        return this;
    }

    public TextOperationBuilder Add(TextComponent component) => component.Kind switch
    {
        TextComponentKind.Retain => Retain(component.Length),
        TextComponentKind.Delete => Delete(component.Length),
        _ => Insert(component.Text),
    };

    /// <summary>The normalised operation; throws <see cref="TextOperationException"/> if an insert holds an unpaired surrogate.</summary>
    public TextOperation Build() => new([.. components]);
}
