namespace ContextKit.Domain.Editing;

/// <summary>How a node sits in its parent, which decides how a replacement is spelled.</summary>
enum SlotKind
{
    Root,
    MappingValue,
    SequenceItem,
    FlowChild,
}

/// <summary>
/// A node's place: for a mapping value the key's column and the end of its <c>:</c>, for a block sequence item
/// the dash's column and end; -1 where the file has no such indicator.
/// </summary>
readonly record struct Slot(SlotKind Kind, int Column, int IndicatorEnd)
{
    public static Slot Root { get; } = new(SlotKind.Root, 0, -1);
    public static Slot Flow { get; } = new(SlotKind.FlowChild, 0, -1);
}
