using ContextKit.Domain.Yaml;

namespace ContextKit.Domain.Tests.Yaml;

public class YamlDocumentParserTests
{
    [Fact]
    public void A_mapping_document_parses()
    {
        var result = YamlDocumentParser.Parse("id: FEAT-001\ntitle: Search\n# a comment\nstatus: done\n");
        Assert.True(result.Ok);
        Assert.Equal(3, result.Root!.Children.Count);
    }

    [Fact]
    public void An_empty_file_is_reported_as_empty()
    {
        var result = YamlDocumentParser.Parse("");
        Assert.False(result.Ok);
        Assert.Equal("document is empty", result.Error);
    }

    [Fact]
    public void A_file_of_only_comments_is_empty_too() =>
        Assert.Equal("document is empty", YamlDocumentParser.Parse("# nothing here\n").Error);

    [Fact]
    public void A_root_that_is_not_a_mapping_is_refused()
    {
        var result = YamlDocumentParser.Parse("- a\n- b\n");
        Assert.Equal("root must be a mapping", result.Error);
        Assert.Equal(1, result.Line);
    }

    [Fact]
    public void A_syntax_error_reports_its_line_and_column()
    {
        var result = YamlDocumentParser.Parse("id: T-001\ntitle: x\nsteps: a: b\n");
        Assert.False(result.Ok);
        Assert.Equal(3, result.Line);
        Assert.NotNull(result.Column);
        Assert.DoesNotContain("Line:", result.Error);
    }

    [Fact]
    public void An_unclosed_flow_sequence_is_reported_where_it_stops_parsing()
    {
        var result = YamlDocumentParser.Parse("id: T-001\nsteps: [a, b\ntitle: x\n");
        Assert.False(result.Ok);
        Assert.Contains("unclosed", result.Error);
        Assert.Equal(2, result.Line);
    }

    [Fact]
    public void Several_documents_in_one_file_are_refused() =>
        Assert.Contains("several documents", YamlDocumentParser.Parse("id: a\n---\nid: b\n").Error);

    [Fact]
    public void Duplicate_keys_are_refused() =>
        Assert.Equal("duplicate key", YamlDocumentParser.Parse("id: a\nid: b\n").Error);

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_building_the_tree()
    {
        var deep = new string('[', 65) + new string(']', 65);
        Assert.Contains("nesting is deeper than 64", YamlDocumentParser.Parse("a: " + deep).Error);
        Assert.True(YamlDocumentParser.Parse("a: " + new string('[', 60) + new string(']', 60)).Ok);
    }

    [Fact]
    public void An_alias_bomb_is_refused_without_expanding_it()
    {
        // Each level doubles the previous one: 2^20 nodes if expanded.
        var lines = new List<string> { "l0: &l0 [x, x]" };
        for (var i = 1; i <= 20; i++)
            lines.Add($"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]");
        var result = YamlDocumentParser.Parse(string.Join('\n', lines));
        Assert.Contains("aliases expand to more than 10000 nodes", result.Error);
    }

    [Fact]
    public void A_few_aliases_are_fine() =>
        Assert.True(YamlDocumentParser.Parse("base: &b {a: 1}\nx: *b\ny: *b\n").Ok);

    [Fact]
    public void A_file_over_the_size_limit_is_refused() =>
        Assert.Contains("larger than", YamlDocumentParser.Parse("a: " + new string('x', 2000), new YamlLimits(MaxBytes: 1000)).Error);
}
