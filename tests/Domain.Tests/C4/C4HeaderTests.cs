using System.Text.Json.Nodes;
using ContextKit.Domain.C4;
using CsCheck;
using static ContextKit.Domain.Tests.C4.C4TestRepository;

namespace ContextKit.Domain.Tests.C4;

public class C4HeaderTests
{
    static C4Header Parse(string text) => C4Header.Parse(text, 1, _ => { });

    [Fact]
    public void Pairs_split_on_top_level_commas_with_lists_quotes_and_attributes()
    {
        var header = Parse(""" system="Billing, EU" , level=C3, feature=FEAT-001, specs=[SPEC-001, SPEC-002], stories=[ "US-001" ], owner=Team Billing, tags=[a,b]""");

        Assert.Equal(("Billing, EU", "C3", "FEAT-001"), (header.System, header.Level, header.Feature));
        Assert.Equal(["SPEC-001", "SPEC-002"], header.Specs);
        Assert.Equal(["US-001"], header.Stories);
        Assert.Equal("""{"owner":"Team Billing","tags":["a","b"]}""", header.Attributes!.ToJsonString());
    }

    [Fact]
    public void A_single_spec_without_brackets_is_a_list_of_one()
    {
        Assert.Equal(["SPEC-001"], Parse("specs=SPEC-001").Specs);
        Assert.Null(Parse("system=X").Specs);
    }

    [Fact]
    public void An_entry_that_is_no_pair_is_ignored_with_a_warning()
    {
        var warnings = new List<string>();

        var header = C4Header.Parse("system=X, oops", 1, warnings.Add);

        Assert.Equal("X", header.System);
        Assert.Single(warnings);
    }

    [Fact]
    public void Any_list_of_ids_in_a_header_comes_back_whole() =>
        Gen.String[Gen.Char["ABCSPEC-0123456789._"], 1, 12].Array[1, 6]
            .Sample(ids =>
            {
                var header = Parse($"system=S, specs=[{string.Join(", ", ids)}]");
                Assert.Equal(ids, header.Specs);
            });

    [Theory]
    [InlineData("C4Context", "C1")]
    [InlineData("C4Container", "C2")]
    [InlineData("C4Component", "C3")]
    [InlineData("C4Dynamic", "C2")]
    public void Without_a_level_the_keyword_decides(string keyword, string level)
    {
        var projection = Assert.Single(AnalyseBlock($"{keyword}\ntitle T\nPerson(p, \"P\")").Report.Projections);

        Assert.Equal(level, projection.Level);
    }

    [Fact]
    public void Without_a_system_the_title_names_it_else_Unknown_with_a_warning()
    {
        Assert.Equal("Shop - containers", AnalyseBlock("C4Container\ntitle Shop - containers").Report.Projections[0].System);
        Assert.Equal("From front matter", AnalyseBlock("---\ntitle: From front matter\n---\n%% c4: level=C1\nflowchart LR\n a((A))").Report.Projections[0].System);

        var report = AnalyseBlock("C4Container\nPerson(p, \"P\")").Report;
        Assert.Equal("Unknown", report.Projections[0].System);
        Assert.Contains("Unknown", Assert.Single(report.Warnings).Message);
    }

    [Fact]
    public void Attributes_are_written_into_the_projection()
    {
        var projection = AnalyseBlock("C4Context\n%% c4: system=S, owner=ops\nPerson(p, \"P\")").Report.Projections[0];

        Assert.Equal("ops", projection.Attributes!["owner"]!.GetValue<string>());
        Assert.IsType<JsonObject>(projection.Attributes);
    }
}
