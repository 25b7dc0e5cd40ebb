using System.Text.Json.Nodes;
using ContextKit.Domain.Editing;
using static ContextKit.Domain.Tests.Editing.YamlText;

namespace ContextKit.Domain.Tests.Editing;

public class YamlEditorTests
{
    const string Service = """
        # Owns reservations, loans and (later) reminders. Runs next to the catalogue on the
        # association's single VM, so keep memory use modest.
        id: svc-lending-api
        name: Lending API
        type: backend
        repository: https://git.example.org/toolshed/lending-api
        api:
          spec: openapi/lending.v0.yaml
          version: "0.9.0" # pre-1.0: breaking changes are still allowed between minors

        dependencies:
          - svc-catalogue-api@^1.2.0   # pinned
          - svc-users@^2.0.0
        consumers: [pkg-toolshed-client, "web"]

        """;

    [Fact]
    public void Saving_unchanged_data_returns_the_file_byte_for_byte()
    {
        var result = YamlEditor.Edit(Service, Load(Service));

        Assert.Equal(YamlEditMode.Unchanged, result.Mode);
        Assert.Same(Service, result.Text);
    }

    [Fact]
    public void Key_order_of_the_new_data_does_not_matter()
    {
        var reordered = new JsonObject(Load(Service).Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        Assert.Same(Service, YamlEditor.Update(Service, reordered));
    }

    [Fact]
    public void Changing_a_quoted_value_keeps_its_quotes_and_its_comment()
    {
        var edited = Update(Service, With(Load(Service), d => d["api"]!["version"] = "1.0.0"));

        Assert.Equal(Service.Replace("version: \"0.9.0\"", "version: \"1.0.0\""), edited);
    }

    [Fact]
    public void Changing_a_plain_value_to_one_that_looks_like_a_number_quotes_it()
    {
        var edited = Update(Service, With(Load(Service), d => d["name"] = "2.0"));

        Assert.Contains("\nname: \"2.0\"\n", edited);
    }

    [Fact]
    public void A_bare_date_or_version_replaced_by_another_stays_bare()
    {
        const string original = "ratifiedOn: 2025-10-22\nversion: 1.2.0\nname: x\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["ratifiedOn"] = "2025-11-01";
            d["version"] = "1.3.0";
            d["name"] = "2025-12-24";
        }));

        Assert.Equal("ratifiedOn: 2025-11-01\nversion: 1.3.0\nname: \"2025-12-24\"\n", edited);
    }

    [Fact]
    public void Changing_a_value_to_a_number_writes_the_number()
    {
        var edited = Update(Service, With(Load(Service), d => d["name"] = 42));

        Assert.Equal(Service.Replace("name: Lending API", "name: 42"), edited);
    }

    [Fact]
    public void Removing_a_key_removes_its_lines_only()
    {
        var edited = Update(Service, With(Load(Service), d => d.Remove("api")));

        Assert.Equal(Service.Replace("api:\n  spec: openapi/lending.v0.yaml\n  version: \"0.9.0\" # pre-1.0: breaking changes are still allowed between minors\n", ""), edited);
    }

    [Fact]
    public void Adding_a_key_appends_it_to_its_mapping_with_the_mapping_indentation()
    {
        var edited = Update(Service, With(Load(Service), d => d["api"]!["owner"] = "@maya"));

        Assert.Equal(Service.Replace("between minors\n", "between minors\n  owner: \"@maya\"\n"), edited);
    }

    [Fact]
    public void Adding_a_top_level_key_goes_after_the_last_entry()
    {
        var edited = Update(Service, With(Load(Service), d => d["notes"] = new JsonArray("one", "two")));

        Assert.Equal(Service.TrimEnd('\n') + "\nnotes:\n  - one\n  - two\n", edited.TrimEnd('\n') + "\n");
        Assert.EndsWith("\n", edited);
    }

    [Fact]
    public void A_new_key_takes_its_place_in_schema_order_when_one_is_given()
    {
        var order = new[] { "id", "name", "type", "description", "repository", "api", "api.spec", "api.version", "dependencies", "consumers" };
        var edited = Update(Service, With(Load(Service), d => d["description"] = "Loans"), order);

        Assert.Equal(Service.Replace("type: backend\n", "type: backend\ndescription: Loans\n"), edited);
    }

    [Fact]
    public void New_nested_keys_follow_the_schema_order_and_a_key_that_comes_first_goes_first()
    {
        var order = SchemaPropertyOrder.Read(JsonNode.Parse("""
            {"properties":{"id":{},"title":{},"status":{},"owner":{},
             "related":{"properties":{"feature":{},"spec":{},"service":{},"userstory":{},"package":{}}},"steps":{}}}
            """));
        const string original = "# a task\ntitle: Add table\nstatus: doing\nrelated:\n  feature: FEAT-002 # parent\n  service: svc-lending-api\nsteps: []\n";

        var edited = Update(original, With(Load(original), d =>
        {
            d["id"] = "T-003";
            d["related"]!["spec"] = "SPEC-002";
            d["related"]!["package"] = "pkg-toolshed-client";
            d["owner"] = "@jonas";
        }), order);

        Assert.Equal(
            "# a task\nid: T-003\ntitle: Add table\nstatus: doing\nowner: \"@jonas\"\nrelated:\n  feature: FEAT-002 # parent\n  spec: SPEC-002\n" +
            "  service: svc-lending-api\n  package: pkg-toolshed-client\nsteps: []\n",
            edited);
    }

    [Fact]
    public void Changing_a_list_item_keeps_the_comments_of_the_others()
    {
        var edited = Update(Service, With(Load(Service), d => d["dependencies"]![1] = "svc-users@^3.0.0"));

        Assert.Equal(Service.Replace("svc-users@^2.0.0", "svc-users@^3.0.0"), edited);
    }

    [Fact]
    public void Changing_a_commented_list_item_keeps_its_comment()
    {
        var edited = Update(Service, With(Load(Service), d => d["dependencies"]![0] = "svc-catalogue-api@^2.0.0"));

        Assert.Contains("  - svc-catalogue-api@^2.0.0   # pinned\n", edited);
    }

    [Fact]
    public void Removing_a_list_item_removes_its_line()
    {
        var edited = Update(Service, With(Load(Service), d => d["dependencies"]!.AsArray().RemoveAt(0)));

        Assert.Equal(Service.Replace("  - svc-catalogue-api@^1.2.0   # pinned\n", ""), edited);
    }

    [Fact]
    public void Inserting_list_items_puts_them_between_their_neighbours()
    {
        var edited = Update(Service, With(Load(Service), d =>
        {
            var list = d["dependencies"]!.AsArray();
            list.Insert(0, "svc-first");
            list.Insert(2, "svc-middle");
            list.Add("svc-last");
        }));

        Assert.Contains("dependencies:\n  - svc-first\n  - svc-catalogue-api@^1.2.0   # pinned\n  - svc-middle\n  - svc-users@^2.0.0\n  - svc-last\nconsumers", edited);
    }

    [Fact]
    public void A_flow_list_stays_a_flow_list()
    {
        var edited = Update(Service, With(Load(Service), d => d["consumers"]!.AsArray().Add("cli tool")));

        Assert.Contains("\nconsumers: [pkg-toolshed-client, web, cli tool]\n", edited);
    }

    [Fact]
    public void Changing_an_item_of_a_flow_list_keeps_the_rest_of_it()
    {
        var edited = Update(Service, With(Load(Service), d => d["consumers"]![1] = "app"));

        Assert.Contains("\nconsumers: [pkg-toolshed-client, \"app\"]\n", edited);
    }

    [Fact]
    public void An_emptied_list_becomes_brackets_and_a_filled_empty_list_becomes_a_block_list()
    {
        const string original = "id: FEAT-001\nrequires: [] # none yet\nproduces:\n  - pkg-a\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["requires"] = new JsonArray("svc-a");
            d["produces"] = new JsonArray();
        }));

        Assert.Equal("id: FEAT-001\nrequires: # none yet\n  - svc-a\nproduces: []\n", edited);
    }

    [Fact]
    public void A_null_value_written_as_nothing_can_be_filled_in()
    {
        const string original = "id: T-001\nowner:\nstatus: todo\n";
        var edited = Update(original, With(Load(original), d => d["owner"] = "@a"));

        Assert.Equal("id: T-001\nowner: \"@a\"\nstatus: todo\n", edited);
    }

    [Fact]
    public void An_empty_string_is_written_as_two_quotes_never_as_a_bare_key()
    {
        const string original = "id: T-001\nowner: someone\n";
        var edited = Update(original, With(Load(original), d => d["owner"] = ""));

        Assert.Equal("id: T-001\nowner: ''\n", edited);
    }

    [Fact]
    public void A_value_that_gains_line_breaks_becomes_a_literal_block_and_keeps_its_comment()
    {
        const string original = "id: SPEC-001\ncontent: short # to do\ntitle: x\n";
        var edited = Update(original, With(Load(original), d => d["content"] = "line one\nline two\n"));

        Assert.Equal("id: SPEC-001\ncontent: | # to do\n  line one\n  line two\ntitle: x\n", edited);
    }

    [Fact]
    public void A_literal_block_stays_a_literal_block_at_its_own_indentation()
    {
        const string original = "id: SPEC-001\ncontent: |  # body\n    ### Purpose\n    Old text.\n\n# trailing comment\ntitle: x\n";
        var edited = Update(original, With(Load(original), d => d["content"] = "### Purpose\nNew text.\n"));

        Assert.Equal("id: SPEC-001\ncontent: | # body\n    ### Purpose\n    New text.\n\n# trailing comment\ntitle: x\n", edited);
    }

    [Fact]
    public void A_folded_block_stays_folded()
    {
        const string original = "objective: >-\n  Members reserve a tool\n  for a date range.\nid: FEAT-002\n";
        var edited = Update(original, With(Load(original), d => d["objective"] = "Members reserve tools."));

        Assert.Equal("objective: >-\n  Members reserve tools.\nid: FEAT-002\n", edited);
    }

    [Fact]
    public void A_value_that_changes_kind_is_rewritten_in_block_style()
    {
        const string original = "id: T-001\nrelated: FEAT-001 # wrong shape\nsteps: none\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["related"] = new JsonObject { ["feature"] = "FEAT-001", ["spec"] = "SPEC-001" };
            d["steps"] = new JsonArray("a", new JsonObject { ["b"] = 1, ["c"] = new JsonArray() });
        }));

        Assert.Equal("id: T-001\nrelated: # wrong shape\n  feature: FEAT-001\n  spec: SPEC-001\nsteps:\n  - a\n  - b: 1\n    c: []\n", edited);
    }

    [Fact]
    public void Items_that_are_mappings_are_edited_inside()
    {
        const string original = "linkedTasks:\n  - id: T-001 # first\n    title: One\n  - id: T-002\n    title: Two\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["linkedTasks"]![0]!["status"] = "done";
            d["linkedTasks"]![1]!.AsObject().Remove("id");
        }));

        Assert.Equal("linkedTasks:\n  - id: T-001 # first\n    title: One\n    status: done\n  - title: Two\n", edited);
    }

    [Fact]
    public void Windows_line_breaks_and_a_byte_order_mark_are_kept()
    {
        const string original = "\uFEFFid: T-001\r\n# note\r\nsteps:\r\n  - a\r\n";
        var edited = Update(original, With(Load(original), d => d["steps"]!.AsArray().Add("b")));

        Assert.Equal("\uFEFFid: T-001\r\n# note\r\nsteps:\r\n  - a\r\n  - b\r\n", edited);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("on")]
    [InlineData("1.0")]
    [InlineData("1.0.0")]
    [InlineData("0x1F")]
    [InlineData("1e5")]
    [InlineData("2025-01-01")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData(" x")]
    [InlineData("x ")]
    [InlineData("a: b")]
    [InlineData("a #b")]
    [InlineData("#x")]
    [InlineData("- x")]
    [InlineData("-")]
    [InlineData("@handle")]
    [InlineData("*star")]
    [InlineData("&amp")]
    [InlineData("!tag")]
    [InlineData("%x")]
    [InlineData("[x]")]
    [InlineData("{x}")]
    [InlineData("'quoted'")]
    [InlineData("\"dq\"")]
    [InlineData("back\\slash")]
    [InlineData("tab\there")]
    [InlineData("two\nlines")]
    [InlineData("\nleading break")]
    [InlineData("trailing  \nspaces")]
    [InlineData("---")]
    [InlineData("<<")]
    [InlineData(".inf")]
    [InlineData("bell\u0007")]
    [InlineData("line\u2028sep")]
    public void Ambiguous_strings_survive_an_edit(string value)
    {
        const string original = "id: T-001\nplain: x\nsingle: 'x'\ndouble: \"x\"\nlist: [x]\nblock: |\n  x\n";
        var edited = Update(original, With(Load(original), d =>
        {
            foreach (var key in new[] { "plain", "single", "double", "block" })
                d[key] = value;
            d["list"]![0] = value;
            d["added"] = value;
        }));

        var data = Load(edited);
        Assert.Equal(value, data["plain"]!.GetValue<string>());
        Assert.Equal(value, data["list"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Removing_every_key_but_one_keeps_the_comments_before_them()
    {
        const string original = "# header\nid: T-001\n# about a\na: 1\n# about b\nb: 2\n";
        var edited = Update(original, Data("""{"id":"T-001"}"""));

        Assert.Equal("# header\nid: T-001\n# about a\n# about b\n", edited);
    }

    [Fact]
    public void Replacing_every_key_rewrites_the_mapping_below_the_header_comment()
    {
        const string original = "# header\nid: T-001\n";
        var edited = Update(original, Data("""{"title":"x"}"""));

        Assert.Equal("# header\ntitle: x\n", edited);
    }

    [Fact]
    public void The_first_key_of_a_mapping_inside_a_list_item_can_be_removed()
    {
        const string original = "items:\n  - a: 1\n    b: 2\n  - - x\n    - y\n";
        var edited = Update(original, With(Load(original), d =>
        {
            d["items"]![0]!.AsObject().Remove("a");
            d["items"]![1]!.AsArray().RemoveAt(0);
        }));

        Assert.Equal("items:\n  - b: 2\n  - - y\n", edited);
    }

    [Fact]
    public void A_file_that_does_not_parse_is_refused()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlEditor.Update("id: [unclosed\n", Data("""{"id":"x"}""")));

        Assert.Contains("does not parse", error.Message);
    }

    [Fact]
    public void Anchored_values_still_read_back_correctly()
    {
        const string original = "base: &b\n  x: 1\ncopy: *b\nother: 2\n";
        var result = YamlEditor.Edit(original, With(Load(original), d => d["base"]!["x"] = 5));

        AssertReadsBackAs(With(Load(original), d => d["base"]!["x"] = 5), result.Text);
    }
}
