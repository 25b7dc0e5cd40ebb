using System.Text.Json;
using System.Text.Json.Nodes;
using ContextKit.Domain.Impact;

namespace ContextKit.Domain.Tests.Impact;

public class StructuralDiffTests
{
    static IReadOnlyList<FieldChange> Diff(string before, string after) =>
        StructuralDiff.Compare(JsonNode.Parse(before)!.AsObject(), JsonNode.Parse(after)!.AsObject());

    static string Show(IReadOnlyList<FieldChange> changes) => string.Join("; ", changes.Select(c => $"{c.ChangeType} {c.Describe()} ({c.ValueType})"));

    [Fact]
    public void Key_order_and_number_spelling_are_invisible() =>
        Assert.Empty(Diff("""{"a":1,"b":{"c":true,"d":null}}""", """{"b":{"d":null,"c":true},"a":1.0}"""));

    [Fact]
    public void Nested_maps_report_the_leaf_path() =>
        Assert.Equal("modified api.version: \"1.0.0\" → \"1.1.0\" (string)", Show(Diff("""{"api":{"version":"1.0.0"}}""", """{"api":{"version":"1.1.0"}}""")));

    [Fact]
    public void Lists_compare_by_index() =>
        Assert.Equal("modified steps[1]: \"b\" → \"c\" (string); added steps[2]: (not set) → \"d\" (string)",
            Show(Diff("""{"steps":["a","b"]}""", """{"steps":["a","c","d"]}""")));

    [Fact]
    public void A_change_of_kind_is_one_change_at_that_path()
    {
        var change = Assert.Single(Diff("""{"api":"v1"}""", """{"api":{"version":"1","spec":"x"}}"""));
        Assert.Equal(("api", "modified", "object", "api modified"), (change.Field, change.ChangeType, change.ValueType, change.Describe()));
        Assert.Equal("v1", change.OldValue?.GetString());
        Assert.Equal(JsonValueKind.Object, change.NewValue?.ValueKind);
    }

    [Fact]
    public void A_value_added_or_removed_whole_is_reported_leaf_by_leaf() =>
        Assert.Equal("added related.feature: (not set) → \"FEAT-001\" (string); added related.tags[0]: (not set) → \"x\" (string); "
                     + "removed old.a: \"1\" → (not set) (number); removed old.b[0]: \"true\" → (not set) (boolean)",
            Show(Diff("""{"old":{"a":1,"b":[true]}}""", """{"related":{"feature":"FEAT-001","tags":["x"]}}""")));

    [Fact]
    public void An_empty_list_or_map_is_a_leaf_and_a_null_is_a_value()
    {
        var changes = Diff("""{"steps":["a"]}""", """{"steps":[],"notes":{},"owner":null}""");
        Assert.Equal("removed steps[0]: \"a\" → (not set) (string); added notes modified (object); added owner: (not set) → \"null\" (null)", Show(changes));
        Assert.Equal("added steps modified (array)", Show(Diff("{}", """{"steps":[]}""")));
        Assert.Equal("""{"field":"owner","changeType":"added","newValue":null,"valueType":"null"}""",
            JsonSerializer.Serialize(changes[2], new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void Entities_absent_on_one_side_are_all_added_or_all_removed()
    {
        var data = JsonNode.Parse("""{"id":"T-1","status":"todo"}""")!.AsObject();
        Assert.Equal(["added", "added"], StructuralDiff.Compare(null, data).Select(c => c.ChangeType));
        Assert.Equal(["removed", "removed"], StructuralDiff.Compare(data, null).Select(c => c.ChangeType));
        Assert.Empty(StructuralDiff.Compare(data, data));
    }

    [Theory]
    [InlineData("api.version", "\"1.0\"")]
    [InlineData("steps[1]", "\"b\"")]
    [InlineData("steps.1", "\"b\"")]
    [InlineData("steps.length", "2")]
    [InlineData("title.length", "5")]
    [InlineData("owner.name", null)]
    [InlineData("missing", null)]
    [InlineData("owner", "null")]
    public void Field_paths_read_values_in_the_compliance_syntax(string path, string? expected)
    {
        var data = JsonNode.Parse("""{"api":{"version":"1.0"},"steps":["a","b"],"title":"Hello","owner":null}""");
        var value = FieldPath.Parse(path).Read(data);
        Assert.Equal(expected, value.Present ? value.Value?.ToJsonString() ?? "null" : null);
    }
}
