using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Yaml;
using YamlDotNet.Core;

namespace ContextKit.Domain.Editing;

/// <summary>How much of the file an edit had to touch.</summary>
public enum YamlEditMode
{
    /// <summary>The data was already equal; the text is returned as it was.</summary>
    Unchanged,

    /// <summary>Only the changed values, keys and items were touched; everything else is byte for byte the original.</summary>
    InPlace,

    /// <summary>Each changed top-level entry was rewritten whole; the other entries and the comments between them are kept.</summary>
    EntriesRewritten,

    /// <summary>The file was written anew (comments inside it lost, leading comment lines kept). Only for files the in-place edit cannot handle, such as anchors shared between changed values.</summary>
    FileRewritten,
}

/// <summary>The new text of an edited file and how it was produced.</summary>
public sealed record YamlEditResult(string Text, YamlEditMode Mode);

/// <summary>
/// Saves entity data into an existing file without rewriting it (context-repo-format §2 "Writing": edits
/// keep comments and key order). Only values that differ change: scalars are replaced where they stand, in
/// their original quoting style when it can still hold the new value; removed keys and list items go with
/// their lines; new keys join the end of their mapping, or their place in schema order when a property
/// order is given. Comments, blank lines, indentation and flow or block style of everything else stay
/// byte for byte. Every result is parsed back and compared with the requested data before it is returned.
/// </summary>
public static class YamlEditor
{
    /// <summary>The file text holding <paramref name="newData"/>, changed from <paramref name="originalText"/> as little as possible.</summary>
    /// <param name="propertyOrder">Dotted key paths in schema order (<see cref="SchemaPropertyOrder.Read"/>), used to place new keys.</param>
    /// <exception cref="YamlEditException">The original does not parse.</exception>
    /// <exception cref="ArgumentException">The data holds text with unpaired surrogates or a number JSON cannot spell.</exception>
    public static string Update(string originalText, JsonObject newData, IReadOnlyList<string>? propertyOrder = null) =>
        Edit(originalText, newData, propertyOrder).Text;

    /// <inheritdoc cref="Update"/>
    public static YamlEditResult Edit(string originalText, JsonObject newData, IReadOnlyList<string>? propertyOrder = null)
    {
        // YamlDotNet counts a byte-order mark in some positions and not in others; edit without it.
        var bom = originalText.StartsWith('\uFEFF') ? "\uFEFF" : "";
        var text = originalText[bom.Length..];
        var parsed = YamlDocumentParser.Parse(text);
        if (!parsed.Ok)
            throw new YamlEditException($"The file cannot be edited because it does not parse: {parsed.Error}");
        var oldData = YamlToJson.Convert(parsed.Root!).Data;
        YamlScalarText.EnsureWritable(newData);
        if (DataEquality.Equal(oldData, newData))
            return new YamlEditResult(originalText, YamlEditMode.Unchanged);

        var source = new SourceText(text);
        var order = PropertyOrder.From(propertyOrder);
        var renderer = new YamlBlockRenderer(source.Newline);
        MappingSyntax? root = null;
        try
        {
            root = YamlSyntaxTree.Parse(source);
        }
        catch (Exception e) when (e is YamlException or YamlEditException or InvalidOperationException)
        {
            // Falls through to writing the file anew.
        }
        if (root is not null)
        {
            foreach (var (depth, mode) in new[] { (int.MaxValue, YamlEditMode.InPlace), (1, YamlEditMode.EntriesRewritten) })
            {
                var edits = new YamlEditPlanner(source, renderer, order, depth).Plan(root, oldData, newData);
                if (edits is not null && Apply(text, edits) is { } candidate && YamlWriter.ReadsBackAs(candidate, newData))
                    return new YamlEditResult(bom + candidate, mode);
            }
        }
        var rewritten = LeadingComments(source, root) + YamlWriter.Write(OrderedLike(newData, oldData, order), null, source.Newline);
        if (YamlWriter.ReadsBackAs(rewritten, newData))
            return new YamlEditResult(bom + rewritten, YamlEditMode.FileRewritten);
        throw new YamlEditException("Internal error: the edited file does not read back as the saved data.");
    }

    /// <summary>The text with the edits applied, or null when two edits overlap (a planning error).</summary>
    static string? Apply(string text, List<TextEdit> edits)
    {
        // Last first, so earlier positions stay valid; of two insertions at one place the one planned
        // later (an outer mapping's key) goes after the one planned first (a key inside the mapping).
        var ordered = edits.Select((e, i) => (Edit: e, Index: i))
            .OrderByDescending(x => x.Edit.Start).ThenByDescending(x => x.Edit.End).ThenByDescending(x => x.Index)
            .Select(x => x.Edit).ToList();
        var builder = new StringBuilder(text);
        var limit = text.Length;
        foreach (var edit in ordered)
        {
            if (edit.End > limit || edit.Start > edit.End)
                return null;
            builder.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Text);
            limit = edit.Start;
        }
        return builder.ToString();
    }

    /// <summary>Comment and blank lines before the first key, kept when the file has to be written anew.</summary>
    static string LeadingComments(SourceText source, MappingSyntax? root)
    {
        if (root is null)
            return "";
        var head = source.Text[..source.LineStart(root.Start)];
        var lines = head.Split('\n');
        return lines.All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#')) ? head : "";
    }

    /// <summary>A copy of the new data whose keys keep the original file's order; new keys follow in schema or given order.</summary>
    static JsonObject OrderedLike(JsonObject data, JsonObject original, PropertyOrder? order) =>
        (JsonObject)OrderedLike((JsonNode)data, original, order)!;

    static JsonNode? OrderedLike(JsonNode? data, JsonNode? original, PropertyOrder? order)
    {
        switch (data)
        {
            case JsonObject mapping:
                var before = original as JsonObject;
                var fresh = mapping.Select(p => p.Key).Where(k => before is null || !before.ContainsKey(k));
                var keys = (before?.Select(p => p.Key).Where(mapping.ContainsKey) ?? []).Concat(order?.Sort(fresh) ?? fresh);
                var result = new JsonObject();
                foreach (var key in keys)
                    result[key] = OrderedLike(mapping[key], before?[key], order?.Child(key));
                return result;
            case JsonArray sequence:
                var old = original as JsonArray;
                return new JsonArray(sequence.Select((item, i) => OrderedLike(item, old is not null && i < old.Count ? old[i] : null, order?.Items)).ToArray());
            default:
                return data?.DeepClone();
        }
    }
}
