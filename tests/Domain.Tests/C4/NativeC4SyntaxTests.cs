using ContextKit.Domain.C4;
using static ContextKit.Domain.Tests.C4.C4TestRepository;

namespace ContextKit.Domain.Tests.C4;

public class NativeC4SyntaxTests
{
    static C4Projection Project(string mermaid) => Assert.Single(AnalyseBlock(mermaid).Report.Projections);

    [Fact]
    public void Quoted_arguments_may_contain_commas_and_named_arguments_override_positions()
    {
        var projection = Project("""
            C4Context
            title Shop
            Person_Ext(c, "Customer, VIP", "Buys, sometimes returns")
            Container(api, "API", "Go", "Old description", $descr="Takes orders, fast", $techn="Go 1.23")
            System(s, "Shop", $tags="v1", $link="https://example.org/a,b")
            """);

        Assert.Equal(new C4Node("c", "Customer, VIP", "external", Description: "Buys, sometimes returns", Element: "Person_Ext"), projection.Nodes[0]);
        Assert.Equal(new C4Node("api", "API", "container", "Go 1.23", "Takes orders, fast", "Container"), projection.Nodes[1]);
        Assert.Equal(new C4Node("s", "Shop", "system", Element: "System", Tags: "v1", Link: "https://example.org/a,b"), projection.Nodes[2]);
    }

    [Theory]
    [InlineData("Person", "external")]
    [InlineData("Person_Ext", "external")]
    [InlineData("System", "system")]
    [InlineData("System_Ext", "external")]
    [InlineData("SystemDb", "datastore")]
    [InlineData("SystemDb_Ext", "external")]
    [InlineData("SystemQueue", "queue")]
    [InlineData("Container", "container")]
    [InlineData("ContainerDb", "datastore")]
    [InlineData("ContainerQueue", "queue")]
    [InlineData("ContainerQueue_Ext", "external")]
    [InlineData("Component", "component")]
    [InlineData("ComponentDb", "datastore")]
    [InlineData("ComponentQueue", "queue")]
    [InlineData("Component_Ext", "external")]
    public void Each_element_keyword_has_its_kind(string keyword, string kind)
    {
        var node = Assert.Single(Project($"C4Component\n{keyword}(x, \"X\")").Nodes);

        Assert.Equal((kind, keyword), (node.Kind, node.Element));
    }

    [Fact]
    public void Boundaries_nest_and_their_elements_name_the_enclosing_boundary()
    {
        var projection = Project("""
            C4Container
            Enterprise_Boundary(corp, "Corp") {
              System_Boundary(billing, "Billing") {
                Container(api, "API", "Go")
              }
              Container_Boundary(ledger, "Ledger", "team")
              {
                ContainerDb(db, "Ledger DB")
              }
              Boundary(empty, "Empty") {
              }
            }
            Person(user, "User")
            """);

        Assert.Equal(
            [
                new C4Boundary("corp", "Corp", "Enterprise_Boundary"),
                new C4Boundary("billing", "Billing", "System_Boundary", "corp"),
                new C4Boundary("ledger", "Ledger", "Container_Boundary", "corp"),
                new C4Boundary("empty", "Empty", "Boundary", "corp"),
            ],
            projection.Boundaries);
        Assert.Equal(["billing", "ledger", null], projection.Nodes.Select(n => n.Boundary));
    }

    [Fact]
    public void BiRel_is_bidirectional_and_directional_variants_keep_a_layout_hint()
    {
        var projection = Project("""
            C4Context
            Person(a, "A")
            System(b, "B")
            BiRel(a, b, "Talks", "HTTPS")
            Rel_U(a, b, "Up")
            Rel_Down(a, b, "Down")
            Rel_L(a, b, "Left")
            Rel_Right(a, b, "Right")
            Rel_Back(a, b, "Back")
            Rel(a, b)
            RelIndex(1, b, a, "Numbered")
            """);

        Assert.Equal(new C4Relationship("a", "b", "Talks", "HTTPS", Bidirectional: true), projection.Relationships[0]);
        Assert.Equal(["up", "down", "left", "right", "back", null, null], projection.Relationships.Skip(1).Select(r => r.Direction));
        Assert.Equal("depends on", projection.Relationships[6].Description);
        Assert.Equal(new C4Relationship("b", "a", "Numbered"), projection.Relationships[7]);
    }

    [Fact]
    public void A_relationship_to_an_unknown_element_is_dropped_with_a_warning()
    {
        var report = AnalyseBlock("""
            C4Context
            title Haunted
            Person(a, "A")
            Rel(a, ghost, "Haunts")
            """).Report;

        Assert.Empty(report.Projections[0].Relationships);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("c4/diagram.md", 0, 7, "ghost"), (warning.File, warning.Block, warning.Line, warning.Element));
        Assert.Contains("a -> ghost", warning.Message);
        Assert.True(report.Ok);
    }

    [Fact]
    public void Styles_are_ignored_and_unknown_statements_warn()
    {
        var report = AnalyseBlock("""
            C4Context
            title Styled
            Person(a, "A")
            UpdateElementStyle(a, $fontColor="red")
            UpdateLayoutConfig($c4ShapeInRow="3")
            Deploy(a)
            """).Report;

        Assert.Equal("Unrecognised statement ignored: Deploy", Assert.Single(report.Warnings).Message);
    }

    [Fact]
    public void A_repeated_alias_keeps_the_first_declaration()
    {
        var report = AnalyseBlock("""
            C4Context
            title Repeated
            Person(a, "First")
            System(a, "Second")
            """).Report;

        Assert.Equal("First", Assert.Single(report.Projections[0].Nodes).Name);
        Assert.Equal("a", Assert.Single(report.Warnings).Element);
    }
}
