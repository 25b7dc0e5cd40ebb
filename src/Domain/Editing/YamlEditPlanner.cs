using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace ContextKit.Domain.Editing;

/// <summary>
/// Works out the smallest set of text edits that turns the original file into one holding the new data:
/// it walks the original syntax tree and the old and new data together, leaves equal subtrees alone,
/// replaces changed scalars in place, removes the lines of removed keys and items, and adds new ones next
/// to their siblings. Where a local edit cannot be spelled safely it gives up on that node and the parent
/// rewrites the node as a whole, so a failure costs formatting in one place, never correctness.
/// </summary>
sealed class YamlEditPlanner(SourceText source, YamlBlockRenderer renderer, PropertyOrder? order, int maxDepth)
{
    readonly string newline = source.Newline;

    /// <summary>The edits, or null when even the root could not be edited in place.</summary>
    public List<TextEdit>? Plan(MappingSyntax root, JsonObject oldData, JsonObject newData)
    {
        var edits = new List<TextEdit>();
        return Diff(root, oldData, newData, Slot.Root, order, 0, edits) ? edits : null;
    }

    bool Diff(SyntaxNode node, JsonNode? oldValue, JsonNode? newValue, Slot slot, PropertyOrder? nodeOrder, int depth, List<TextEdit> edits)
    {
        if (DataEquality.Equal(oldValue, newValue))
            return true;
        if (depth >= maxDepth && slot.Kind != SlotKind.Root)
            return Replace(node, newValue, slot, nodeOrder, edits);
        var local = new List<TextEdit>();
        var done = (node, oldValue, newValue) switch
        {
            (MappingSyntax { Flow: false } mapping, JsonObject before, JsonObject { Count: > 0 } after) =>
                DiffMapping(mapping, before, after, nodeOrder, depth, local),
            (SequenceSyntax { Flow: false } sequence, JsonArray before, JsonArray { Count: > 0 } after) =>
                DiffSequence(sequence, before, after, nodeOrder?.Items, depth, local),
            (MappingSyntax { Flow: true } mapping, JsonObject { Count: > 0 } before, JsonObject after) when after.Count > 0 || slot.Kind == SlotKind.FlowChild =>
                DiffFlowMapping(mapping, before, after, nodeOrder, depth, local),
            (SequenceSyntax { Flow: true } sequence, JsonArray { Count: > 0 } before, JsonArray after) when after.Count > 0 || slot.Kind == SlotKind.FlowChild =>
                DiffFlowSequence(sequence, before, after, nodeOrder, depth, local),
            (ScalarSyntax scalar, _, _) when YamlScalarText.IsScalar(oldValue) && YamlScalarText.IsScalar(newValue) =>
                ReplaceScalar(scalar, oldValue, newValue, slot, local),
            _ => false,
        };
        if (done)
        {
            edits.AddRange(local);
            return true;
        }
        return Replace(node, newValue, slot, nodeOrder, edits);
    }

    // ---- mappings ----

    bool DiffMapping(MappingSyntax mapping, JsonObject before, JsonObject after, PropertyOrder? mappingOrder, int depth, List<TextEdit> edits)
    {
        var keys = before.Select(p => p.Key).ToList();
        if (keys.Count != mapping.Entries.Count)
            return false;
        var column = source.Column(mapping.Entries[0].Key.Start);
        var kept = new List<int>();
        var removed = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!after.TryGetPropertyValue(keys[i], out var newValue))
            {
                removed.Add(i);
                continue;
            }
            kept.Add(i);
            var entry = mapping.Entries[i];
            var slot = new Slot(SlotKind.MappingValue, source.Column(entry.Key.Start), entry.ColonEnd);
            if (!Diff(entry.Value, before[keys[i]], newValue, slot, mappingOrder?.Child(keys[i]), depth + 1, edits))
                return false;
        }
        if (kept.Count == 0)
            return false;
        var children = mapping.Entries.Select(e => (First: e.Key.Start, e.Value.End)).ToList();
        if (!RemoveChildren(children, kept, removed, edits))
            return false;

        var added = after.Select(p => p.Key).Where(k => !before.ContainsKey(k)).ToList();
        if (added.Count == 0)
            return true;
        if (mappingOrder is not null)
            added = mappingOrder.Sort(added).ToList();
        // Each new key goes after the kept key that precedes it in schema order, or before the one that
        // follows it; keys the schema does not know go after the last kept key.
        var groups = new List<((int Child, bool Before) Anchor, List<string> Keys)>();
        foreach (var key in added)
        {
            var anchor = Anchor(kept, i => mappingOrder?.IndexOf(keys[i]) ?? -1, mappingOrder?.IndexOf(key) ?? -1, children);
            var index = groups.FindIndex(g => g.Anchor == anchor);
            if (index < 0)
            {
                groups.Add((anchor, []));
                index = groups.Count - 1;
            }
            groups[index].Keys.Add(key);
        }
        foreach (var ((child, beforeIt), group) in groups)
        {
            var lines = group.Select(k => new string(' ', column) + renderer.Entry(k, after[k], column, mappingOrder?.Child(k)));
            edits.Add(beforeIt ? InsertBefore(children[child].First, lines) : InsertAfter(children[child].End, lines));
        }
        return true;
    }

    bool DiffFlowMapping(MappingSyntax mapping, JsonObject before, JsonObject after, PropertyOrder? mappingOrder, int depth, List<TextEdit> edits)
    {
        var keys = before.Select(p => p.Key).ToList();
        if (keys.Count == mapping.Entries.Count && keys.Count == after.Count && keys.All(after.ContainsKey))
        {
            var local = new List<TextEdit>();
            var ok = true;
            for (var i = 0; i < keys.Count && ok; i++)
                ok = Diff(mapping.Entries[i].Value, before[keys[i]], after[keys[i]], Slot.Flow, mappingOrder?.Child(keys[i]), depth + 1, local);
            if (ok)
            {
                edits.AddRange(local);
                return true;
            }
        }
        edits.Add(new TextEdit(mapping.Start, mapping.End, WithAnchor(mapping, YamlBlockRenderer.Flow(after, mappingOrder))));
        return true;
    }

    // ---- sequences ----

    bool DiffSequence(SequenceSyntax sequence, JsonArray before, JsonArray after, PropertyOrder? itemOrder, int depth, List<TextEdit> edits)
    {
        if (before.Count != sequence.Items.Count || sequence.Items.Any(i => i.DashStart < 0))
            return false;
        var column = source.Column(sequence.Items[0].DashStart);
        var matches = LongestCommonSubsequence(before, after);
        var kept = new List<int>();
        var removed = new List<int>();
        var inserts = new List<(int Anchor, bool Before, JsonNode? Value)>();
        var (oldAt, newAt) = (0, 0);
        foreach (var (matchOld, matchNew) in matches.Append((before.Count, after.Count)))
        {
            // Between two unchanged items: pair old and new items up as edits, then remove or add the rest.
            var oldRun = matchOld - oldAt;
            var newRun = matchNew - newAt;
            var paired = Math.Min(oldRun, newRun);
            for (var t = 0; t < paired; t++)
            {
                var item = sequence.Items[oldAt + t];
                kept.Add(oldAt + t);
                if (!Diff(item.Value, before[oldAt + t], after[newAt + t], new Slot(SlotKind.SequenceItem, column, item.DashEnd), itemOrder, depth + 1, edits))
                    return false;
            }
            for (var t = paired; t < oldRun; t++)
                removed.Add(oldAt + t);
            for (var t = paired; t < newRun; t++)
            {
                var anchor = paired > 0 ? (oldAt + paired - 1, false) : oldAt > 0 ? (oldAt - 1, false) : (matchOld, true);
                inserts.Add((anchor.Item1, anchor.Item2, after[newAt + t]));
            }
            if (matchOld < before.Count)
                kept.Add(matchOld);
            (oldAt, newAt) = (matchOld + 1, matchNew + 1);
        }
        if (kept.Count == 0)
            return false;
        var children = sequence.Items.Select(i => (First: i.DashStart, i.Value.End)).ToList();
        if (!RemoveChildren(children, kept.Order().ToList(), removed, edits))
            return false;
        foreach (var group in inserts.GroupBy(i => (i.Anchor, i.Before)))
        {
            var (anchor, beforeIt) = group.Key;
            if (beforeIt && !source.IsLineLeading(children[anchor].First))
                return false;
            var lines = group.Select(i => new string(' ', column) + renderer.Item(i.Value, column, itemOrder));
            edits.Add(beforeIt ? InsertBefore(children[anchor].First, lines) : InsertAfter(children[anchor].End, lines));
        }
        return true;
    }

    bool DiffFlowSequence(SequenceSyntax sequence, JsonArray before, JsonArray after, PropertyOrder? sequenceOrder, int depth, List<TextEdit> edits)
    {
        var itemOrder = sequenceOrder?.Items;
        if (before.Count == after.Count && before.Count == sequence.Items.Count)
        {
            var local = new List<TextEdit>();
            var ok = true;
            for (var i = 0; i < before.Count && ok; i++)
                ok = Diff(sequence.Items[i].Value, before[i], after[i], Slot.Flow, itemOrder, depth + 1, local);
            if (ok)
            {
                edits.AddRange(local);
                return true;
            }
        }
        edits.Add(new TextEdit(sequence.Start, sequence.End, WithAnchor(sequence, YamlBlockRenderer.Flow(after, sequenceOrder))));
        return true;
    }

    /// <summary>Pairs of equal items (old index, new index), in order, keeping as many old items as possible.</summary>
    static List<(int Old, int New)> LongestCommonSubsequence(JsonArray before, JsonArray after)
    {
        var (n, m) = (before.Count, after.Count);
        if ((long)n * m > 1_000_000)
            return [];
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                lengths[i, j] = DataEquality.Equal(before[i], after[j]) ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
        var pairs = new List<(int, int)>();
        var (a, b) = (0, 0);
        while (a < n && b < m)
        {
            if (DataEquality.Equal(before[a], after[b]))
            {
                pairs.Add((a, b));
                a++;
                b++;
            }
            else if (lengths[a + 1, b] >= lengths[a, b + 1])
            {
                a++;
            }
            else
            {
                b++;
            }
        }
        return pairs;
    }

    // ---- shared by mappings and block sequences ----

    /// <summary>
    /// Removes children with their lines. A child that shares its first line with its parent's indicator
    /// (<c>- a: 1</c>, <c>- - x</c>) is cut up to the next kept sibling instead, which then moves up into its place.
    /// </summary>
    bool RemoveChildren(List<(int First, int End)> children, List<int> kept, List<int> removed, List<TextEdit> edits)
    {
        var coveredUntil = -1;
        foreach (var index in removed)
        {
            if (index <= coveredUntil)
                continue;
            var (first, end) = children[index];
            if (source.IsLineLeading(first))
            {
                if (!source.RestIsBlankOrComment(end))
                    return false;
                edits.Add(new TextEdit(source.LineStart(first), source.NextLineStart(end), ""));
                continue;
            }
            var next = kept.Where(k => k > index).DefaultIfEmpty(-1).First();
            if (next < 0)
                return false;
            edits.Add(new TextEdit(first, children[next].First, ""));
            coveredUntil = next;
        }
        return true;
    }

    /// <summary>Where a new child goes: after the kept child with that index, or before it when <c>Before</c> is set.</summary>
    (int Child, bool Before) Anchor(List<int> kept, Func<int, int> rankOf, int rank, List<(int First, int End)> children)
    {
        if (rank >= 0)
        {
            var preceding = kept.Where(i => rankOf(i) >= 0 && rankOf(i) < rank).OrderBy(rankOf).LastOrDefault(-1);
            if (preceding >= 0)
                return (preceding, false);
            var following = kept.Where(i => rankOf(i) > rank).OrderBy(rankOf).FirstOrDefault(-1);
            if (following >= 0 && source.IsLineLeading(children[following].First))
                return (following, true);
        }
        return (kept[^1], false);
    }

    /// <summary>
    /// New lines right after the line where a child ends. They go in at the start of the next line rather than
    /// at the end of this one, so that removing the lines that follow (a removed last key of a nested mapping)
    /// does not collide with them.
    /// </summary>
    TextEdit InsertAfter(int end, IEnumerable<string> lines)
    {
        if (source.LineEnd(end) >= source.Length)
            return new TextEdit(source.Length, source.Length, string.Concat(lines.Select(l => newline + l)));
        var at = source.NextLineStart(end);
        return new TextEdit(at, at, string.Concat(lines.Select(l => l + newline)));
    }

    TextEdit InsertBefore(int first, IEnumerable<string> lines)
    {
        var at = source.LineStart(first);
        return new TextEdit(at, at, string.Concat(lines.Select(l => l + newline)));
    }

    // ---- replacing one node ----

    bool ReplaceScalar(ScalarSyntax scalar, JsonNode? oldValue, JsonNode? value, Slot slot, List<TextEdit> edits)
    {
        if (scalar.IsEmpty)
            return false;
        var oldText = YamlScalarText.KindOf(oldValue) == JsonValueKind.String ? YamlScalarText.StringOf(oldValue!) : null;
        if (slot.Kind == SlotKind.FlowChild)
        {
            edits.Add(new TextEdit(scalar.Start, scalar.End, WithAnchor(scalar, YamlScalarText.Inline(value, flow: true, scalar.Style, oldText))));
            return true;
        }
        if (YamlScalarText.KindOf(value) == JsonValueKind.String)
        {
            var text = YamlScalarText.StringOf(value!);
            if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded && YamlScalarText.CanBeBlock(text))
            {
                edits.Add(new TextEdit(scalar.Start, scalar.End, WithAnchor(scalar, Block(scalar, text, slot))));
                return true;
            }
            // New line breaks in a plain or quoted value: the slot rewrite makes it a literal block.
            if (text.Contains('\n') && YamlScalarText.CanBeBlock(text))
                return false;
        }
        edits.Add(new TextEdit(scalar.Start, scalar.End, WithAnchor(scalar, YamlScalarText.Inline(value, flow: false, scalar.Style, oldText))));
        return true;
    }

    /// <summary>A block scalar in the original's style, indentation and header comment.</summary>
    string Block(ScalarSyntax scalar, string text, Slot slot)
    {
        var header = source.RestOfLine(scalar.Start);
        var hash = header.IndexOf(" #", StringComparison.Ordinal);
        var comment = hash >= 0 ? header[hash..].TrimEnd() : "";
        var indent = slot.Column + 2;
        var firstContentLine = source.NextLineStart(scalar.Start);
        // With an explicit indentation indicator (|2) the first line may be indented further than the block.
        var explicitIndent = (hash >= 0 ? header[..hash] : header).Any(char.IsAsciiDigit);
        if (firstContentLine < scalar.End && !explicitIndent)
        {
            var line = source.RestOfLine(firstContentLine);
            var own = line.Length - line.TrimStart(' ').Length;
            if (own > slot.Column && line.Trim().Length > 0)
                indent = own;
        }
        return scalar.Style == ScalarStyle.Folded
            ? YamlScalarText.Folded(text, indent, newline, comment)
            : YamlScalarText.Literal(text, indent, newline, comment);
    }

    /// <summary>Rewrites a whole node where it stands, in block style for block parents.</summary>
    bool Replace(SyntaxNode node, JsonNode? value, Slot slot, PropertyOrder? nodeOrder, List<TextEdit> edits)
    {
        switch (slot.Kind)
        {
            case SlotKind.Root:
                if (value is not JsonObject mapping)
                    return false;
                var column = source.Column(node.Start);
                var text = node is MappingSyntax { Flow: true } || mapping.Count == 0
                    ? YamlBlockRenderer.Flow(mapping, nodeOrder)
                    : renderer.Entries(mapping, column, nodeOrder)[column..];
                return ReplaceSpan(node.Start, node.End, text, edits);
            case SlotKind.FlowChild:
                if (node is ScalarSyntax { IsEmpty: true })
                    return false;
                edits.Add(new TextEdit(node.Start, node.End, YamlBlockRenderer.Flow(value, nodeOrder)));
                return true;
            case SlotKind.MappingValue when slot.IndicatorEnd >= 0:
                return ReplaceSpan(slot.IndicatorEnd, node.End, renderer.AfterKey(value, slot.Column, nodeOrder), edits);
            case SlotKind.SequenceItem when slot.IndicatorEnd >= 0:
                return ReplaceSpan(slot.IndicatorEnd, node.End, renderer.AfterDash(value, slot.Column, nodeOrder), edits);
            default:
                return false;
        }
    }

    /// <summary>
    /// Replaces an old value (for a mapping value or list item: everything from just after its <c>:</c> or
    /// <c>-</c>). A comment after the old value moves up to the first line of a multi-line replacement,
    /// where it still reads as a comment rather than as part of the new value's last line.
    /// </summary>
    bool ReplaceSpan(int start, int end, string text, List<TextEdit> edits)
    {
        var lineBreak = text.IndexOf(newline, StringComparison.Ordinal);
        if (lineBreak < 0)
        {
            edits.Add(new TextEdit(start, end, text));
            return true;
        }
        var rest = source.RestOfLine(end);
        var trimmed = rest.Trim(' ', '\t');
        if (trimmed.Length == 0)
        {
            edits.Add(new TextEdit(start, end, text));
            return true;
        }
        if (trimmed[0] != '#')
            return false;
        edits.Add(new TextEdit(start, source.LineEnd(end), text.Insert(lineBreak, " " + trimmed)));
        return true;
    }

    static string WithAnchor(SyntaxNode node, string text) => node.Anchor is null ? text : "&" + node.Anchor + " " + text;
}
