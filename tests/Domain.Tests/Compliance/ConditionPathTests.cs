using System.Text.Json.Nodes;
using ContextKit.Domain.Compliance;

namespace ContextKit.Domain.Tests.Compliance;

/// <summary>The path language of compliance conditions (context-repo-format §5.2).</summary>
public class ConditionPathTests
{
    static readonly JsonNode Entity = JsonNode.Parse("""
        {"id":"T-001","title":"Fix login","steps":["a","b"],"owner":null,"related":{"feature":"FEAT-001","none":null},
         "matrix":[[1,2],[3]],"meta":{"length":7},"blank":""}
        """)!;

    [Theory]
    [InlineData("title", "\"Fix login\"")]
    [InlineData("related.feature", "\"FEAT-001\"")]
    [InlineData("steps.length", "2")]
    [InlineData("title.length", "9")]
    [InlineData("blank.length", "0")]
    [InlineData("steps[1]", "\"b\"")]
    [InlineData("matrix[0][1]", "2")]
    [InlineData("matrix[1].length", "1")]
    [InlineData("steps.0", "\"a\"")]
    [InlineData("owner", "null")]
    [InlineData("related.none", "null")]
    public void A_path_reads_the_value(string path, string expected) =>
        Assert.Equal(expected, ConditionPath.Parse(path).Read(Entity).Node?.ToJsonString() ?? "null");

    [Theory]
    [InlineData("absent")]
    [InlineData("owner.name")]
    [InlineData("related.none.x")]
    [InlineData("related.absent.x")]
    [InlineData("steps[5]")]
    [InlineData("title[0]")]
    [InlineData("id.length.length")]
    [InlineData("related.length")]
    [InlineData("meta.length")]
    [InlineData("steps.length.x")]
    [InlineData("owner.length")]
    public void A_path_that_leads_nowhere_is_missing(string path) => Assert.True(ConditionPath.Parse(path).Read(Entity).IsMissing);

    [Fact]
    public void The_length_of_a_string_counts_UTF16_units() =>
        Assert.Equal(2, ConditionPath.Parse("t.length").Read(JsonNode.Parse("""{"t":"😀"}""")).Node!.GetValue<int>());
}
