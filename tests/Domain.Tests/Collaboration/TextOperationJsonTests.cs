using System.Text.Json;
using ContextKit.Domain.Collaboration;

namespace ContextKit.Domain.Tests.Collaboration;

public class TextOperationJsonTests
{
    [Fact]
    public void The_json_shape_round_trips()
    {
        const string json = """[{"retain":3},{"insert":"h\u00e9 😀"},{"delete":2},{"retain":1}]""";

        var operation = TextOperation.Parse(json);

        Assert.Equal(new TextOperationBuilder().Retain(3).Insert("hé 😀").Delete(2).Retain(1).Build(), operation);
        Assert.Equal(operation, TextOperation.Parse(operation.ToJson()));
    }

    [Fact]
    public void Parsing_normalises_adjacent_components()
    {
        var operation = TextOperation.Parse("""[{"retain":1},{"retain":2},{"delete":1},{"insert":"x"}]""");

        Assert.Equal("""[{"retain":3},{"insert":"x"},{"delete":1}]""", operation.ToJson());
    }

    [Fact]
    public void System_text_json_uses_the_same_shape()
    {
        var message = new { version = 4, ops = new TextOperationBuilder().Retain(1).Insert("a").Build() };

        var json = JsonSerializer.Serialize(message);

        Assert.Equal("""{"version":4,"ops":[{"retain":1},{"insert":"a"}]}""", json);
        Assert.Equal(message.ops, JsonSerializer.Deserialize<TextOperation>("""[{"retain":1},{"insert":"a"}]"""));
    }

    [Theory]
    [InlineData("""{"retain":1}""", "JSON array")]
    [InlineData("""[1]""", "Component 0 is a number")]
    [InlineData("""[{}]""", "empty object")]
    [InlineData("""[{"retain":1,"insert":"x"}]""", "exactly one of retain, insert, delete")]
    [InlineData("""[{"retain":1,"retain":2}]""", "exactly one of")]
    [InlineData("""[{"retain":1},{"keep":2}]""", "Component 1 has the unknown key \"keep\"")]
    [InlineData("""[{"retain":0}]""", "retain must be at least 1; got 0")]
    [InlineData("""[{"delete":-3}]""", "delete must be at least 1; got -3")]
    [InlineData("""[{"retain":1.5}]""", "positive integer")]
    [InlineData("""[{"retain":"2"}]""", "got a string")]
    [InlineData("""[{"insert":5}]""", "insert must be a string")]
    [InlineData("""[{"insert":""}]""", "must not be empty")]
    [InlineData("""[{"insert":"\ud83d"}]""", "unpaired")]
    [InlineData("""[{"retain":""", "not valid JSON")]
    public void Malformed_json_is_refused_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Assert.Throws<TextOperationException>(() => TextOperation.Parse(json));

        Assert.Equal(TextOperationError.Malformed, error.Error);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_count_larger_than_any_document_is_refused()
    {
        var error = Assert.Throws<TextOperationException>(() => TextOperation.Parse("""[{"retain":99999999999}]"""));
        Assert.Equal(TextOperationError.LimitExceeded, error.Error);
    }

    [Fact]
    public void Inserts_over_the_limit_are_refused()
    {
        var limits = new TextOperationLimits(MaxInsertLength: 10);
        var json = JsonSerializer.Serialize(new object[] { new { insert = "123456" }, new { retain = 1 }, new { insert = "78901" } });

        var error = Assert.Throws<TextOperationException>(() => TextOperation.Parse(json, limits));

        Assert.Equal(TextOperationError.LimitExceeded, error.Error);
        Assert.Contains("at most 10", error.Message);
    }

    [Fact]
    public void The_default_insert_limit_is_one_mebibyte_of_utf16_code_units()
    {
        var atLimit = JsonSerializer.Serialize(new object[] { new { insert = new string('x', 1024 * 1024) } });
        var overLimit = JsonSerializer.Serialize(new object[] { new { insert = new string('x', 1024 * 1024 + 1) } });

        Assert.Equal(1024 * 1024, TextOperation.Parse(atLimit).TargetLength);
        Assert.Equal(TextOperationError.LimitExceeded, Assert.Throws<TextOperationException>(() => TextOperation.Parse(overLimit)).Error);
    }

    [Fact]
    public void Too_many_components_are_refused()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 10_001).Select(i => i % 2 == 0 ? """{"retain":1}""" : """{"delete":1}""")) + "]";

        var error = Assert.Throws<TextOperationException>(() => TextOperation.Parse(json));

        Assert.Equal(TextOperationError.LimitExceeded, error.Error);
        Assert.Contains("10,000", error.Message);
    }
}
