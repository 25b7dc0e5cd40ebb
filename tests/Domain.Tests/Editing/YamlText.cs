using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Tests.Editing;

/// <summary>Reading YAML the way the entity loader does, and comparing files line by line.</summary>
static class YamlText
{
    public static JsonObject Load(string text)
    {
        text = text.TrimStart('\uFEFF');
        var parsed = YamlDocumentParser.Parse(text);
        Assert.True(parsed.Ok, $"Does not parse ({parsed.Error} at {parsed.Line}:{parsed.Column}):\n{text}");
        return YamlToJson.Convert(parsed.Root!).Data;
    }

    public static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    public static void AssertReadsBackAs(JsonNode expected, string text)
    {
        var actual = Load(text);
        Assert.True(DataEquality.Equal(expected, actual), $"Expected {expected.ToJsonString()}\nbut read {actual.ToJsonString()}\nfrom:\n{text}");
    }

    /// <summary>Edits and checks the result reads back as the new data.</summary>
    public static string Update(string original, JsonObject newData, IReadOnlyList<string>? order = null)
    {
        var result = YamlEditor.Edit(original, newData, order);
        AssertReadsBackAs(newData, result.Text);
        Assert.True(result.Mode is YamlEditMode.InPlace or YamlEditMode.Unchanged, $"Edited with mode {result.Mode}:\n{result.Text}");
        return result.Text;
    }

    /// <summary>A copy of the data changed by <paramref name="change"/>.</summary>
    public static JsonObject With(JsonObject data, Action<JsonObject> change)
    {
        var copy = data.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    public static string[] Lines(string text) => text.Split('\n');

    /// <summary>The lines of <paramref name="original"/> (0-based, end exclusive) that differ from <paramref name="edited"/>, found as everything between their common first and last lines.</summary>
    public static (int From, int To) ChangedLines(string original, string edited)
    {
        var a = Lines(original);
        var b = Lines(edited);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;
        return (prefix, a.Length - suffix);
    }
}
