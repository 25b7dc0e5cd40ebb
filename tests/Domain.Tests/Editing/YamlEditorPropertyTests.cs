using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Yaml;
using CsCheck;
using static ContextKit.Domain.Tests.Editing.YamlText;

namespace ContextKit.Domain.Tests.Editing;

public class YamlEditorPropertyTests
{
    static readonly string[] TrickyStrings =
    [
        "", " ", "x", "plain words", "yes", "No", "on", "y", "true", "False", "null", "~", "1", "-1", "1.0", "1.0.0", "1e3", "0x1F",
        "0o17", ".5", ".inf", "2025-01-01", "2025-10-22T10:00:00Z", " x", "x ", "a: b", "a:b", "a #b", "a#b", "#x", "- x", "-x", "-",
        "? x", ":x", "@alice", "`cmd`", "*star", "&amp", "!tag", "%pct", "[x]", "{x}", "x, y", "'single'", "\"double\"", "it's",
        "back\\slash", "tab\there", "two\nlines", "two\nlines\n", "keep\n\n", "\nleading", "trailing \nspace", "---", "...", "<<", "=",
        "bell\u0007", "nel\u0085", "ls\u2028ps", "caf\u00e9 \u2192 \u4e2d\u6587", "emoji \ud83d\ude80", "a  double  space",
        "### Heading\nText with: colon\n\n- bullet\n", "long " + new string('w', 30) + " words " + string.Join(' ', Enumerable.Repeat("fold", 30)),
    ];

    static readonly string[] Keys = ["id", "title", "status", "steps", "related", "a", "b", "c", "x y", "yes", "1", "a:b", "#k", "-", "'", "ключ"];

    static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (6, Gen.OneOf(TrickyStrings).Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Char["abc xyz-:#'\"\n"].Array[0, 8].Select(c => (JsonNode?)JsonValue.Create(new string(c)))),
        (2, Gen.Long[-1000, 1000].Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Int[-1000, 1000].Select(n => (JsonNode?)JsonValue.Create(n / 8.0))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)));

    static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (2, Mapping(depth - 1).Select(m => (JsonNode?)m)),
            (2, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))));

    static Gen<JsonObject> Mapping(int depth) =>
        Gen.Select(Gen.OneOf(Keys).Array[0, 5], Value(depth).Array[5], (keys, values) =>
        {
            var mapping = new JsonObject();
            foreach (var (key, i) in keys.Distinct().Select((k, i) => (k, i)))
                mapping[key] = values[i]?.DeepClone();
            return mapping;
        });

    static readonly Gen<int[]> Styles = Gen.Int[0, 999].Array[1, 40];

    /// <summary>One change a form could make: what kind, where (an index into the document's nodes) and the new value.</summary>
    sealed record Change(int Kind, int Target, int Position, JsonNode? Value)
    {
        public override string ToString() => $"{Kind}@{Target}/{Position}: {Value?.ToJsonString() ?? "null"}";
    }

    static readonly Gen<Change> Changes = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 999], Gen.Int[0, 999], Value(1), (k, t, p, v) => new Change(k, t, p, v));

    static readonly Gen<(JsonObject Data, int[] Styles, Change[] Changes)> Cases = Gen.Select(Mapping(3), Styles, Changes.Array[1, 4]);

    [Fact]
    public void Styled_documents_parse_back_to_their_data()
    {
        Gen.Select(Mapping(3), Styles).Sample((data, styles) => AssertReadsBackAs(data, StyledYaml.Render(data, styles)), iter: 500);
    }

    [Fact]
    public void An_edit_reads_back_as_the_new_data_and_keeps_untouched_entries_byte_for_byte()
    {
        Cases.Sample((data, styles, changes) =>
        {
            var original = StyledYaml.Render(data, styles);
            if (styles[0] % 4 == 0)
                original = original.Replace("\n", "\r\n");
            var before = Load(original);
            var after = before.DeepClone().AsObject();
            foreach (var change in changes)
                Apply(after, change);

            var result = YamlEditor.Edit(original, after);

            AssertReadsBackAs(after, result.Text);
            Assert.True(result.Mode is YamlEditMode.InPlace or YamlEditMode.Unchanged, $"Mode {result.Mode} for {after.ToJsonString()}\n{original}\n→\n{result.Text}");
            if (original.Contains('\r'))
                Assert.DoesNotMatch("[^\r]\n", result.Text);
            foreach (var block in UntouchedEntries(original, before, after))
                Assert.True(result.Text.Contains(block, StringComparison.Ordinal), $"Lost untouched lines:\n{block}\nfrom\n{original}\n→\n{result.Text}");
        }, iter: 2000, print: c => $"{c.Item1.ToJsonString()} styles [{string.Join(",", c.Item2)}] changes [{string.Join("; ", c.Item3.AsEnumerable())}]");
    }

    [Fact]
    public void Saving_the_same_data_changes_nothing()
    {
        Gen.Select(Mapping(3), Styles).Sample((data, styles) =>
        {
            var original = StyledYaml.Render(data, styles);
            Assert.Same(original, YamlEditor.Update(original, Load(original)));
        }, iter: 300);
    }

    [Fact]
    public void Written_files_read_back_as_their_data()
    {
        Mapping(3).Sample(data => AssertReadsBackAs(data, YamlWriter.Write(data)), iter: 1000);
    }

    [Fact]
    public void An_edit_of_a_written_file_reads_back_too()
    {
        Gen.Select(Mapping(3), Changes.Array[1, 4]).Sample((data, changes) =>
        {
            var original = YamlWriter.Write(data);
            var after = Load(original).DeepClone().AsObject();
            foreach (var change in changes)
                Apply(after, change);
            var result = YamlEditor.Edit(original, after);
            AssertReadsBackAs(after, result.Text);
            Assert.True(result.Mode is YamlEditMode.InPlace or YamlEditMode.Unchanged);
        }, iter: 1000);
    }

    /// <summary>
    /// The text of each top-level entry whose value did not change, from its key to the end of its value
    /// (comment and blank lines after it excluded: new keys may be inserted there).
    /// </summary>
    static IEnumerable<string> UntouchedEntries(string original, JsonObject before, JsonObject after)
    {
        var positions = YamlToJson.Convert(YamlDocumentParser.Parse(original).Root!).Positions;
        var lines = Lines(original);
        var keys = before.Select(p => p.Key).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!after.ContainsKey(keys[i]) || !DataEquality.Equal(before[keys[i]], after[keys[i]]))
                continue;
            var first = positions.Key("/" + SourcePositions.Escape(keys[i]))!.Value.Line - 1;
            var end = i + 1 < keys.Count ? positions.Key("/" + SourcePositions.Escape(keys[i + 1]))!.Value.Line - 1 : lines.Length;
            while (end > first + 1 && (lines[end - 1].Trim().Length == 0 || lines[end - 1].TrimStart().StartsWith('#')))
                end--;
            yield return string.Join('\n', lines[first..end]);
        }
    }

    static void Apply(JsonObject root, Change change)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        Collect(root, null, null, -1, nodes);
        var (parent, key, index, node) = nodes[change.Target % nodes.Count];
        var value = change.Value?.DeepClone();
        switch (change.Kind)
        {
            case 0 or 5 when parent is not null:
                Set(parent, key, index, value);
                break;
            case 1 when node is JsonObject mapping:
                mapping[Keys[change.Position % Keys.Length] + (mapping.ContainsKey(Keys[change.Position % Keys.Length]) ? "2" : "")] = value;
                break;
            case 2 when node is JsonObject { Count: > 0 } mapping:
                mapping.Remove(mapping.ElementAt(change.Position % mapping.Count).Key);
                break;
            case 3 when node is JsonArray list:
                list.Insert(change.Position % (list.Count + 1), value);
                break;
            case 4 when node is JsonArray { Count: > 0 } list:
                list.RemoveAt(change.Position % list.Count);
                break;
            case 6 when node is JsonArray { Count: > 1 } list:
                var moved = list[change.Position % list.Count];
                list.RemoveAt(change.Position % list.Count);
                list.Insert((change.Position / 7) % (list.Count + 1), moved);
                break;
            default:
                if (parent is not null)
                    Set(parent, key, index, value);
                break;
        }
    }

    static void Collect(JsonNode? node, JsonNode? parent, string? key, int index, List<(JsonNode?, string?, int, JsonNode?)> nodes)
    {
        nodes.Add((parent, key, index, node));
        switch (node)
        {
            case JsonObject mapping:
                foreach (var (k, v) in mapping)
                    Collect(v, mapping, k, -1, nodes);
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                    Collect(list[i], list, null, i, nodes);
                break;
        }
    }

    static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonArray list)
            list[index] = value;
        else
            parent[key!] = value;
    }
}
