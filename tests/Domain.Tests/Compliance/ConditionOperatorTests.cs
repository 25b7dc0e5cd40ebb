using System.Text.Json.Nodes;
using ContextKit.Domain.Compliance;

namespace ContextKit.Domain.Tests.Compliance;

/// <summary>The operator table of context-repo-format §5.2, case by case. "missing" stands for an absent value or operand.</summary>
public class ConditionOperatorTests
{
    static PathValue Value(string json) => json == "missing" ? PathValue.Missing : PathValue.Of(JsonNode.Parse(json));

    static bool Apply(string op, string value, string operand = "missing")
    {
        var pattern = op == ConditionOperator.Matches && JsonScalars.Text(Value(operand).Node) is { } source && operand != "missing"
            ? EcmaPattern.Compile(source)
            : null;
        return ConditionOperator.Apply(op, Value(value), Value(operand), pattern, out _);
    }

    [Theory]
    [InlineData("\"x\"", true)]
    [InlineData("\"  \"", false)]
    [InlineData("\"\"", false)]
    [InlineData("\"\\t\\n\"", false)]
    [InlineData("[]", false)]
    [InlineData("[null]", true)]
    [InlineData("{}", false)]
    [InlineData("{\"a\":null}", true)]
    [InlineData("0", true)]
    [InlineData("false", true)]
    [InlineData("null", false)]
    [InlineData("missing", false)]
    public void Exists(string value, bool expected) => Assert.Equal(expected, Apply("exists", value));

    [Theory]
    [InlineData("\"done\"", "\"done\"", true)]
    [InlineData("\"Done\"", "\"done\"", false)]
    [InlineData("1", "1.0", true)]
    [InlineData("1.5", "1.5", true)]
    [InlineData("1", "\"1\"", false)]
    [InlineData("true", "true", true)]
    [InlineData("true", "1", false)]
    [InlineData("null", "null", true)]
    [InlineData("missing", "null", false)]
    [InlineData("missing", "missing", false)]
    [InlineData("null", "missing", false)]
    [InlineData("[1]", "[1]", false)]
    [InlineData("{}", "{}", false)]
    public void Equals_and_its_negation(string value, string operand, bool expected)
    {
        Assert.Equal(expected, Apply("equals", value, operand));
        Assert.Equal(!expected, Apply("notEquals", value, operand));
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", "\"b\"", true)]
    [InlineData("[1,2]", "2.0", true)]
    [InlineData("[[1]]", "[1]", false)]
    [InlineData("\"Fix login\"", "\"login\"", true)]
    [InlineData("\"Fix Login\"", "\"login\"", false)]
    [InlineData("\"v1.5\"", "1.5", true)]
    [InlineData("\"v2\"", "2.0", true)]
    [InlineData("\"is true\"", "true", true)]
    [InlineData("\"null value\"", "null", true)]
    [InlineData("\"x\"", "[\"x\"]", false)]
    [InlineData("5", "5", false)]
    [InlineData("missing", "\"a\"", false)]
    [InlineData("\"abc\"", "missing", false)]
    public void Includes(string value, string operand, bool expected) => Assert.Equal(expected, Apply("includes", value, operand));

    [Theory]
    [InlineData("\"Implement sync\"", "\"^Implement\"", true)]
    [InlineData("\"Fix login\"", "\"^Implement\"", false)]
    [InlineData("\"a1b\"", "\"\\\\d\"", true)]
    [InlineData("\"é\"", "\"\\\\w\"", false)]
    [InlineData("\"x-2\"", "\"(?<n>\\\\d)\"", true)]
    [InlineData("\"abc\"", "\"B\"", false)]
    [InlineData("5", "\"5\"", false)]
    [InlineData("missing", "\".*\"", false)]
    [InlineData("\"v5\"", "5", true)]
    public void Matches(string value, string operand, bool expected) => Assert.Equal(expected, Apply("matches", value, operand));

    [Fact]
    public void An_invalid_pattern_never_matches()
    {
        var pattern = EcmaPattern.Compile("([a-z");
        Assert.False(pattern.IsValid);
        Assert.False(ConditionOperator.Apply("matches", Value("\"abc\""), Value("\"([a-z\""), pattern, out var timedOut));
        Assert.False(timedOut);
    }

    [Fact]
    public void A_pattern_that_runs_out_of_time_yields_false_and_says_so()
    {
        var pattern = EcmaPattern.Compile("^(a+)+$");
        var value = PathValue.Of(JsonValue.Create(new string('a', 40) + "!"));
        Assert.False(ConditionOperator.Apply("matches", value, PathValue.Of(JsonValue.Create("^(a+)+$")), pattern, out var timedOut));
        Assert.True(timedOut);
    }

    [Fact]
    public void After_a_timeout_longer_inputs_are_presumed_to_time_out_and_shorter_ones_still_match()
    {
        var pattern = EcmaPattern.Compile("^(a+)+$");
        Assert.Null(pattern.Matches(new string('a', 40) + "!"));
        Assert.Null(pattern.Matches(new string('a', 60) + "!"));
        Assert.True(pattern.Matches("aaa"));
        Assert.False(pattern.Matches("aa!"));
    }

    [Theory]
    [InlineData("[1,2,3]", "2", true)]
    [InlineData("\"Fix login\"", "8", true)]
    [InlineData("\"Fix login\"", "9", false)]
    [InlineData("\"10\"", "5", false)]
    [InlineData("3", "\" 2 \"", true)]
    [InlineData("1", "\"\"", true)]
    [InlineData("0", "\"\"", false)]
    [InlineData("true", "0", true)]
    [InlineData("false", "false", false)]
    [InlineData("null", "-1", true)]
    [InlineData("1", "null", true)]
    [InlineData("1", "true", false)]
    [InlineData("{}", "0", false)]
    [InlineData("missing", "0", false)]
    [InlineData("5", "\"abc\"", false)]
    [InlineData("5", "[1]", false)]
    [InlineData("5", "missing", false)]
    [InlineData("2.5", "\"2.4\"", true)]
    [InlineData("5", "\"1e0\"", true)]
    public void GreaterThan(string value, string operand, bool expected) => Assert.Equal(expected, Apply("greaterThan", value, operand));

    [Theory]
    [InlineData("\"Fix login\"", "20", true)]
    [InlineData("[]", "1", true)]
    [InlineData("[]", "0", false)]
    [InlineData("null", "1", true)]
    [InlineData("{}", "100", false)]
    [InlineData("1", "\"x\"", false)]
    public void LessThan(string value, string operand, bool expected) => Assert.Equal(expected, Apply("lessThan", value, operand));

    [Fact]
    public void An_unknown_operator_yields_false() => Assert.False(Apply("startsWith", "\"abc\"", "\"a\""));
}
