using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;

namespace ContextKit.Domain.Tests.Editing;

public class SchemaPropertyOrderTests
{
    [Fact]
    public void Properties_are_listed_in_declaration_order_with_nested_and_item_properties_as_dotted_paths()
    {
        var schema = JsonNode.Parse("""
            {"properties":{
              "id":{"type":"string"},
              "related":{"type":"object","properties":{"feature":{},"spec":{}}},
              "principles":{"type":"array","items":{"properties":{"id":{},"requirements":{"items":{"$ref":"#/$defs/requirement"}}}}},
              "title":{}
            },
            "$defs":{"requirement":{"properties":{"id":{},"severity":{}}}}}
            """);

        Assert.Equal(
            ["id", "related", "related.feature", "related.spec", "principles", "principles[].id", "principles[].requirements",
             "principles[].requirements[].id", "principles[].requirements[].severity", "title"],
            SchemaPropertyOrder.Read(schema));
    }

    [Fact]
    public void A_schema_that_refers_to_itself_does_not_loop()
    {
        var schema = JsonNode.Parse("""{"properties":{"child":{"$ref":"#"},"name":{}}}""");

        var order = SchemaPropertyOrder.Read(schema);

        Assert.Equal("child", order[0]);
        Assert.Contains("name", order);
    }

    [Fact]
    public void No_schema_means_no_order()
    {
        Assert.Empty(SchemaPropertyOrder.Read(null));
        Assert.Empty(SchemaPropertyOrder.Read(JsonValue.Create(true)));
    }
}
