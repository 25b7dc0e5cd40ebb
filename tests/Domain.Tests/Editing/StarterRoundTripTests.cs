using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Templates;
using ContextKit.Domain.Yaml;
using static ContextKit.Domain.Tests.Editing.YamlText;

namespace ContextKit.Domain.Tests.Editing;

/// <summary>
/// A form save on every file of the starter repository, one field at a time: only the lines of that field
/// may change, and every other line — comments, blank lines, quoting — stays byte for byte.
/// </summary>
public class StarterRoundTripTests
{
    public static TheoryData<string> StarterEntityFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryTemplates.Files(RepositoryTemplate.Starter))
            if (file.Path.StartsWith("contexts/", StringComparison.Ordinal) && file.Path.EndsWith(".yaml", StringComparison.Ordinal))
                data.Add(file.Path);
        return data;
    }

    static string Read(string path) =>
        Encoding.UTF8.GetString(RepositoryTemplates.Files(RepositoryTemplate.Starter).Single(f => f.Path == path).Content);

    [Theory]
    [MemberData(nameof(StarterEntityFiles))]
    public void Changing_any_one_value_touches_only_the_lines_of_that_value(string path)
    {
        var original = Read(path);
        var parsed = YamlDocumentParser.Parse(original);
        var (data, positions) = YamlToJson.Convert(parsed.Root!);
        var lines = Lines(original);
        var leaves = Leaves(data, "").ToList();
        Assert.NotEmpty(leaves);

        foreach (var (pointer, value) in leaves)
        {
            var changed = With(data, d => Set(d, pointer, Changed(value)));
            var edited = Update(original, changed);

            var isItem = int.TryParse(pointer[(pointer.LastIndexOf('/') + 1)..], out _);
            var at = isItem ? positions.Value(pointer)!.Value : positions.Key(pointer)!.Value;
            var entryColumn = isItem ? at.Column - 3 : at.Column - 1;
            var first = at.Line - 1;
            var last = first + 1;
            while (last < lines.Length && (lines[last].Trim().Length == 0 || Indentation(lines[last]) > entryColumn))
                last++;
            var (from, to) = ChangedLines(original, edited);
            Assert.True(from >= first && to <= last,
                $"{path} {pointer}: lines {from + 1}..{to} changed, but the value spans {first + 1}..{last}\n{edited}");
        }
    }

    [Theory]
    [MemberData(nameof(StarterEntityFiles))]
    public void Adding_and_removing_list_items_keeps_every_other_line(string path)
    {
        var original = Read(path);
        var data = Load(original);
        foreach (var (key, value) in data)
        {
            if (value is not JsonArray { Count: > 0 } list || list[0] is not JsonValue)
                continue;
            var removed = Update(original, With(data, d => d[key]!.AsArray().RemoveAt(0)));
            var removedLines = Lines(removed).ToList();
            Assert.Equal(Lines(original).Length - 1, removedLines.Count);

            var added = Update(original, With(data, d => d[key]!.AsArray().Add("one more")));
            Assert.Equal(Lines(original).Length + 1, Lines(added).Length);
            Assert.Contains("- one more", added);
            Assert.Empty(Lines(original).Except(Lines(added)));
        }
    }

    [Fact]
    public void A_form_save_of_the_reservations_feature_keeps_its_comments()
    {
        const string path = "contexts/features/FEAT-002-reservations-and-checkout.yaml";
        var original = Read(path);
        var data = With(Load(original), d =>
        {
            d["status"] = "done";
            d["acceptance"]![2] = "A member can hold at most four tools at once";
            d["owners"]!.AsArray().Add("@li.wei");
            d["tasks"]!.AsArray().RemoveAt(1);
        });

        var edited = Update(original, data);

        Assert.StartsWith("# Reservations are the core of the lending flow: everything in FEAT-003 builds on them.\n", edited);
        Assert.Contains("  - A member can hold at most four tools at once # limit agreed with the steward group\n", edited);
        Assert.Contains("objective: >-\n  Members reserve a tool for a date range and pick it up at the shed; stewards\n", edited);
        Assert.Contains("owners:\n  - \"@maya.okafor\"\n  - \"@jonas.becker\"\n  - \"@li.wei\"\n", edited);
        Assert.Contains("tasks:\n  - T-003\n  - T-005\n", edited);
        Assert.Contains("\nstatus: done\n", edited);
    }

    static IEnumerable<(string Pointer, JsonNode? Value)> Leaves(JsonNode? node, string pointer)
    {
        switch (node)
        {
            case JsonObject mapping:
                foreach (var (key, value) in mapping)
                    foreach (var leaf in Leaves(value, pointer + "/" + key))
                        yield return leaf;
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                    foreach (var leaf in Leaves(list[i], pointer + "/" + i))
                        yield return leaf;
                break;
            default:
                yield return (pointer, node);
                break;
        }
    }

    static JsonNode? Changed(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => JsonValue.Create(value.GetValue<string>() + " (edited)"),
        JsonValueKind.Number => JsonValue.Create(decimal.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 1),
        JsonValueKind.True => JsonValue.Create(false),
        JsonValueKind.False => JsonValue.Create(true),
        _ => JsonValue.Create("now set"),
    };

    static void Set(JsonObject root, string pointer, JsonNode? value)
    {
        var segments = pointer.Split('/')[1..];
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
            parent = parent is JsonArray a ? a[int.Parse(segment)]! : parent[segment]!;
        if (parent is JsonArray list)
            list[int.Parse(segments[^1])] = value;
        else
            parent[segments[^1]] = value;
    }

    static int Indentation(string line) => line.Length - line.TrimStart(' ').Length;
}
