using System.Text.Json.Nodes;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;

namespace ContextKit.Domain.Tests.Entities;

public class ContextIndexTests
{
    static ContextIndex Load(Dictionary<string, string> files) => ContextIndex.Load(new InMemorySnapshot(files));

    [Fact]
    public void Scalars_follow_the_yaml_1_2_core_schema()
    {
        var index = Load(new()
        {
            ["contexts/tasks/T-001.yaml"] = """
                id: T-001
                date: 2025-10-22
                version: 1.0
                semver: 1.0.0
                count: 42
                negative: -7
                yes: yes
                on: True
                flag: true
                off: false
                nothing: ~
                empty:
                null_word: null
                quoted_number: "42"
                quoted_bool: 'true'
                hex: 0x1F
                """,
        });

        var data = index.Find("T-001")!.Data;
        Assert.Equal("2025-10-22", data["date"]!.GetValue<string>());
        Assert.Equal(1.0, data["version"]!.GetValue<double>());
        Assert.Equal("1.0.0", data["semver"]!.GetValue<string>());
        Assert.Equal(42, data["count"]!.GetValue<long>());
        Assert.Equal(-7, data["negative"]!.GetValue<long>());
        Assert.Equal("yes", data["yes"]!.GetValue<string>());
        Assert.Equal("True", data["on"]!.GetValue<string>());
        Assert.True(data["flag"]!.GetValue<bool>());
        Assert.False(data["off"]!.GetValue<bool>());
        Assert.Null(data["nothing"]);
        Assert.True(data.ContainsKey("empty"));
        Assert.Null(data["empty"]);
        Assert.Null(data["null_word"]);
        Assert.Equal("42", data["quoted_number"]!.GetValue<string>());
        Assert.Equal("true", data["quoted_bool"]!.GetValue<string>());
        Assert.Equal(31, data["hex"]!.GetValue<long>());
    }

    [Fact]
    public void Every_node_has_its_line_and_column()
    {
        var index = Load(new()
        {
            ["contexts/tasks/T-001.yaml"] = "id: T-001\nrelated:\n  feature: FEAT-9\nsteps:\n  - one\n  - two\n",
        });
        var positions = index.Find("T-001")!.Positions;

        Assert.Equal(new SourcePosition(1, 5), positions.Value("/id"));
        Assert.Equal(new SourcePosition(3, 12), positions.Value("/related/feature"));
        Assert.Equal(new SourcePosition(3, 3), positions.Key("/related/feature"));
        Assert.Equal(new SourcePosition(6, 5), positions.Value("/steps/1"));
        Assert.Equal(new SourcePosition(1, 1), positions.Value(""));
        Assert.Equal(new SourcePosition(3, 12), positions.Value("/related/feature/missing"));
    }

    [Fact]
    public void The_first_file_of_a_duplicated_id_is_canonical_and_the_others_are_listed()
    {
        var index = Load(new()
        {
            ["contexts/features/b.yaml"] = "id: FEAT-002\ntitle: B\n",
            ["contexts/features/a.yaml"] = "id: FEAT-002\ntitle: A\n",
            ["contexts/tasks/x.yaml"] = "id: FEAT-002\ntitle: Task with a feature id\n",
        });

        Assert.Equal("contexts/features/a.yaml", index.Find("FEAT-002")!.Path.Value);
        var duplicate = Assert.Single(index.Duplicates);
        Assert.Equal("feature", duplicate.Type.Name);
        Assert.Equal(["contexts/features/a.yaml", "contexts/features/b.yaml", "contexts/tasks/x.yaml"], duplicate.Files.Select(f => f.Value));
        Assert.Single(index.Entities);
    }

    [Fact]
    public void Entities_are_in_type_then_path_order_and_type_comes_from_the_folder()
    {
        var index = Load(new()
        {
            ["contexts/tasks/T-001.yaml"] = "id: T-001\n",
            ["contexts/features/z/deep/FEAT-002.yml"] = "id: FEAT-002\n",
            ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\n",
            ["contexts/services/svc.yaml"] = "id: FEAT-003\n",
            ["contexts/features/readme.md"] = "id: not-yaml\n",
        });

        Assert.Equal(["FEAT-001", "FEAT-002", "T-001", "FEAT-003"], index.Entities.Select(e => e.Id));
        Assert.Equal("service", index.Find("FEAT-003")!.Type.Name);
    }

    [Fact]
    public void Files_without_a_string_id_are_loaded_but_not_indexed()
    {
        var index = Load(new()
        {
            ["contexts/tasks/none.yaml"] = "title: no id\n",
            ["contexts/tasks/number.yaml"] = "id: 123\n",
            ["contexts/tasks/broken.yaml"] = "id: [\n",
        });

        Assert.Empty(index.Entities);
        Assert.Equal(3, index.EntityFiles.Count);
        Assert.False(Assert.Single(index.EntityFiles, f => f.Path.Value == "contexts/tasks/broken.yaml").Parsed);
    }

    [Fact]
    public void The_constitution_prefers_yaml_over_yml_and_is_not_an_entity()
    {
        var both = Load(new()
        {
            ["contexts/governance/constitution.yml"] = "id: OLD\n",
            ["contexts/governance/constitution.yaml"] = "id: NEW\n",
        });
        var none = Load(new());

        Assert.Equal("contexts/governance/constitution.yaml", both.Constitution!.Path.Value);
        Assert.Empty(both.Entities);
        Assert.Null(none.Constitution);
    }

    [Fact]
    public void Changing_one_file_reparses_only_that_file()
    {
        var before = Load(new()
        {
            ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: Old\n",
            ["contexts/tasks/T-001.yaml"] = "id: T-001\n",
        });
        var untouched = before.Find("T-001");

        var after = before.WithFile(RepoPath.Parse("contexts/features/FEAT-001.yaml"), "id: FEAT-001\ntitle: New\n")
            .WithFile(RepoPath.Parse("contexts/features/FEAT-002.yaml"), "id: FEAT-002\n")
            .WithFile(RepoPath.Parse("notes/readme.md"), "ignored");

        Assert.Equal("New", after.Find("FEAT-001")!.Title);
        Assert.Same(untouched, after.Find("T-001"));
        Assert.Equal(["FEAT-001", "FEAT-002", "T-001"], after.Entities.Select(e => e.Id));
        Assert.Equal("Old", before.Find("FEAT-001")!.Title);
        Assert.Null(after.WithFile(RepoPath.Parse("contexts/tasks/T-001.yaml"), null).Find("T-001"));
    }

    [Fact]
    public void Title_falls_back_to_name_then_id()
    {
        var index = Load(new()
        {
            ["contexts/services/a.yaml"] = "id: svc-a\nname: Service A\n",
            ["contexts/services/b.yaml"] = "id: svc-b\n",
        });
        Assert.Equal("Service A", index.Find("svc-a")!.Title);
        Assert.Equal("svc-b", index.Find("svc-b")!.Title);
        Assert.IsType<JsonObject>(index.Find("svc-b")!.Data);
    }
}
