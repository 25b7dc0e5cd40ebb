using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using static ContextKit.Domain.Tests.Editing.YamlText;

namespace ContextKit.Domain.Tests.Editing;

public class YamlEditorEdgeCaseTests
{
    [Fact]
    public void Document_markers_are_kept()
    {
        const string original = "---\n# entity\nid: T-001\nstatus: todo\n...\n";
        var edited = Update(original, With(Load(original), d => d["status"] = "done"));

        Assert.Equal("---\n# entity\nid: T-001\nstatus: done\n...\n", edited);
    }

    [Fact]
    public void A_tagged_value_can_be_replaced_and_its_neighbours_keep_their_tags()
    {
        const string original = "id: T-001\ncode: !!str 123\nother: !!str 456\n";
        var edited = Update(original, With(Load(original), d => d["code"] = "124"));

        Assert.Equal("id: T-001\ncode: \"124\"\nother: !!str 456\n", edited);
    }

    [Fact]
    public void A_block_scalar_with_an_indentation_indicator_can_be_replaced()
    {
        const string original = "id: T-001\nnotes: |2\n    indented first line\n  second\nstatus: todo\n";
        var edited = Update(original, With(Load(original), d => d["notes"] = "plain\ntext\n"));

        Assert.Equal("id: T-001\nnotes: |\n  plain\n  text\nstatus: todo\n", edited);
    }

    [Fact]
    public void A_kept_block_scalar_owns_its_trailing_blank_lines()
    {
        const string original = "id: T-001\nnotes: |+\n  one\n\n\nstatus: todo\n";
        var afterSibling = Update(original, With(Load(original), d => d["status"] = "done"));
        var afterItself = Update(original, With(Load(original), d => d["notes"] = "two\n\n"));
        var afterRemoving = Update(original, With(Load(original), d => d.Remove("status")));

        Assert.Equal("id: T-001\nnotes: |+\n  one\n\n\nstatus: done\n", afterSibling);
        Assert.Equal("id: T-001\nnotes: \"two\\n\\n\"\nstatus: todo\n", afterItself);
        Assert.Equal("id: T-001\nnotes: |+\n  one\n\n\n", afterRemoving);
    }

    [Fact]
    public void A_block_scalar_as_the_last_value_of_a_file_without_a_final_line_break_is_replaced()
    {
        const string original = "id: T-001\nnotes: |-\n  one\n  two";
        var edited = Update(original, With(Load(original), d => d["notes"] = "three"));

        Assert.Equal("id: T-001\nnotes: |-\n  three", edited);
    }

    [Fact]
    public void A_key_is_added_to_a_file_without_a_final_line_break()
    {
        const string original = "id: T-001";
        var edited = Update(original, With(Load(original), d => d["status"] = "todo"));

        Assert.Equal("id: T-001\nstatus: todo", edited);
    }

    [Fact]
    public void An_indentless_list_keeps_its_dash_column()
    {
        const string original = "steps:\n- one\n- two\nstatus: todo\n";
        var edited = Update(original, With(Load(original), d => d["steps"]!.AsArray().Add("three")));

        Assert.Equal("steps:\n- one\n- two\n- three\nstatus: todo\n", edited);
    }

    [Fact]
    public void A_flow_mapping_root_stays_flow()
    {
        const string original = "{id: T-001, status: todo}\n";
        var edited = Update(original, With(Load(original), d => d["owner"] = "@a"));

        Assert.Equal("{id: T-001, status: todo, owner: \"@a\"}\n", edited);
    }

    [Fact]
    public void Keys_that_need_quotes_are_quoted_when_added()
    {
        const string original = "id: T-001\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["yes"] = 1;
            d["a: b"] = 2;
            d[""] = 3;
            d["#x"] = 4;
        }));

        Assert.Equal("id: T-001\n\"yes\": 1\n\"a: b\": 2\n'': 3\n\"#x\": 4\n", edited);
    }

    [Fact]
    public void A_string_with_two_final_line_breaks_is_quoted_so_that_following_blank_lines_stay_blank()
    {
        const string original = "id: T-001\nnotes: x\n\nstatus: todo\n";
        var edited = Update(original, With(Load(original), d => d["notes"] = "keep\n\n"));

        Assert.Equal("id: T-001\nnotes: \"keep\\n\\n\"\n\nstatus: todo\n", edited);
    }

    [Fact]
    public void Unsupported_numbers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => YamlEditor.Update("id: x\n", With(Data("""{"id":"x"}"""), d => d["n"] = double.NaN)));
    }
}
