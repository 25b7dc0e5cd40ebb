using System.Text;
using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using ContextKit.Domain.Templates;
using static ContextKit.Domain.Tests.Editing.YamlText;

namespace ContextKit.Domain.Tests.Editing;

public class YamlWriterTests
{
    static IReadOnlyList<string> SchemaOrder(string type) => SchemaPropertyOrder.Read(JsonNode.Parse(
        Encoding.UTF8.GetString(RepositoryTemplates.Files(RepositoryTemplate.Empty).Single(f => f.Path == $".context/schemas/{type}.schema.json").Content)));

    [Fact]
    public void A_new_task_is_written_in_block_style_in_schema_order()
    {
        var task = Data("""
            {"paths":["src/Sync/Queue.cs"],"doneCriteria":[],"steps":[],"status":"todo","id":"T-014","title":"Add sync queue",
             "related":{"userstory":"US-003","feature":"FEAT-002","spec":"SPEC-002"},"owner":"@alice"}
            """);

        var text = YamlWriter.Write(task, SchemaOrder("task"));

        Assert.Equal("""
            id: T-014
            title: Add sync queue
            status: todo
            owner: "@alice"
            related:
              feature: FEAT-002
              spec: SPEC-002
              userstory: US-003
            steps: []
            doneCriteria: []
            paths:
              - src/Sync/Queue.cs

            """, text);
    }

    [Fact]
    public void Keys_the_schema_does_not_know_follow_in_their_own_order()
    {
        var text = YamlWriter.Write(Data("""{"zeta":1,"title":"x","alpha":2,"id":"T-001"}"""), SchemaOrder("task"));

        Assert.Equal("id: T-001\ntitle: x\nzeta: 1\nalpha: 2\n", text);
    }

    [Fact]
    public void Without_an_order_keys_keep_the_data_order()
    {
        Assert.Equal("b: 1\na: 2\n", YamlWriter.Write(Data("""{"b":1,"a":2}""")));
    }

    [Fact]
    public void Empty_values_nulls_and_nested_collections_have_their_own_spelling()
    {
        var text = YamlWriter.Write(Data("""
            {"owner":"","nothing":null,"list":[],"map":{},"flag":false,"number":1.5,
             "linked":[{"id":"US-001","title":"x"},{"id":"US-002"}],"nested":[["a","b"],[]],
             "content":"line one\nline two\n","stripped":"a\nb"}
            """));

        Assert.Equal("""
            owner: ''
            nothing: null
            list: []
            map: {}
            flag: false
            number: 1.5
            linked:
              - id: US-001
                title: x
              - id: US-002
            nested:
              - - a
                - b
              - []
            content: |
              line one
              line two
            stripped: |-
              a
              b

            """, text);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1.0")]
    [InlineData("2025-01-01")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData(" x")]
    [InlineData("a: b")]
    [InlineData("#x")]
    [InlineData("- x")]
    [InlineData("true")]
    [InlineData("0o7")]
    [InlineData("@alice")]
    [InlineData("it's")]
    [InlineData("C:\\path")]
    [InlineData("two\nlines")]
    [InlineData(" indented\nblock")]
    public void Ambiguous_strings_are_quoted_and_read_back(string value)
    {
        var data = new JsonObject { ["value"] = value, ["list"] = new JsonArray(value) };

        var text = YamlWriter.Write(data);

        AssertReadsBackAs(data, text);
        Assert.DoesNotContain("value:\n", text);
    }

    [Fact]
    public void Text_beyond_ascii_is_written_as_it_is()
    {
        Assert.Equal("title: Launch 🚀 café → 中文\n", YamlWriter.Write(new JsonObject { ["title"] = "Launch 🚀 café → 中文" }));
        Assert.Equal("title: \"bell\\x07\"\n", YamlWriter.Write(new JsonObject { ["title"] = "bell\u0007" }));
        Assert.Throws<ArgumentException>(() => YamlWriter.Write(new JsonObject { ["title"] = "half a pair \uD800" }));
    }

    [Fact]
    public void An_empty_document_is_an_empty_mapping()
    {
        Assert.Equal("{}\n", YamlWriter.Write(new JsonObject()));
    }
}
