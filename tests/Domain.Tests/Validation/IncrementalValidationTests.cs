using CsCheck;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>
/// Validation after an edit is incremental (re-parse the changed file, re-check what refers to it), and must
/// always agree with validating the whole repository from scratch.
/// </summary>
public class IncrementalValidationTests
{
    static readonly TimeProvider Today = Clock(new DateOnly(2026, 6, 1));

    static Gen<string> Ids(params string[] ids) => Gen.OneOf(ids);

    static Gen<string> Refs(params string[] ids) => Gen.OneOf(ids).List[0, 2].Select(l => "[" + string.Join(", ", l) + "]");

    static Gen<string?> Either(Gen<string> valid) =>
        Gen.Frequency<string?>((6, valid.Select(v => (string?)v)), (1, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("", "id: [\n", "- a\n", "id: 7\n")));

    static readonly Gen<string?> Feature = Either(Gen.Select(Ids("FEAT-001", "FEAT-002", "FEAT-1", "US-001"), Ids("proposed", "bogus"),
        Refs("US-001", "US-002", "US-404"), Refs("svc-a", "svc-x", "pkg-a"),
        (id, status, stories, requires) => $"id: {id}\ntitle: F\nstatus: {status}\nuserStories: {stories}\nrequires: {requires}\n"));

    static readonly Gen<string?> Story = Either(Gen.Select(Ids("US-001", "US-002"), Ids("FEAT-001", "FEAT-002", "FEAT-404"), Gen.Bool,
        (id, feature, criteria) => $"id: {id}\nfeature: {feature}\nasA: a\niWant: b\nsoThat: c\n{(criteria ? "acceptanceCriteria: [x]\n" : "")}"));

    static readonly Gen<string?> Task = Either(Gen.Select(Ids("T-001", "T-002", "T-001"), Ids("todo", "done", "nope"), Ids("FEAT-001", "FEAT-002", "US-001"),
        Ids("\"@a\"", "\"  \"", "b"),
        (id, status, feature, owner) => $"id: {id}\ntitle: Fix login\nstatus: {status}\nowner: {owner}\nrelated:\n  feature: {feature}\n"));

    static readonly Gen<string?> Service = Either(Gen.Select(Ids("svc-a", "svc-b", "pkg-a"), Refs("svc-a", "svc-b@^1", "svc-x"), Refs("pkg-a", "FEAT-001"),
        (id, dependencies, consumers) => $"id: {id}\nname: S\ntype: backend\ndependencies: {dependencies}\nconsumers: {consumers}\n"));

    static readonly Gen<string?> Package = Either(Gen.Select(Ids("pkg-a", "svc-a"), Refs("svc-a", "svc-b", "svc-x"),
        (id, uses) => $"id: {id}\nname: P\nversion: '1'\ntype: npm\nuses:\n  services: {uses}\n"));

    static readonly Gen<string?> ConstitutionText = Either(Gen.Select(Ids("[task]", "[global]", "[layer]", "[userstory, feature]"),
        Ids("owner exists", "acceptanceCriteria.length greaterThan", "title matches", "status equals"), Ids("2099-12-31", "2020-01-01"),
        (targets, condition, expires) =>
        {
            var parts = condition.Split(' ');
            var value = parts[1] switch { "greaterThan" => "\n      value: 0", "matches" => "\n      value: \"^Fix\"", "equals" => "\n      value: done", _ => "" };
            return Constitution(
                $"- id: r1\n  description: d\n  targets: {targets}\n  conditions:\n    - path: {parts[0]}\n      operator: {parts[1]}{value}\n  severity: high",
                $"- id: EX-1\n  ruleId: r1\n  scope:\n    entities: [US-001, T-001]\n    layers: [work]\n  expiresOn: \"{expires}\"\n  justification: j",
                "- id: work\n  name: Work\n  paths: [contexts/tasks/t1.yaml, \"contexts/userstories/**\"]");
        }));

    static readonly Gen<string?> TaskSchema = Gen.OneOf<string?>(null, "{", """{"type":"object","required":["id","owner"]}""",
        """{"type":"object","properties":{"status":{"enum":["todo"]}}}""");

    static readonly (string Path, Gen<string?> Content)[] Files =
    [
        ("contexts/features/a.yaml", Feature),
        ("contexts/features/b.yaml", Feature),
        ("contexts/userstories/s.yaml", Story),
        ("contexts/tasks/t1.yaml", Task),
        ("contexts/tasks/t2.yml", Task),
        ("contexts/services/a.yaml", Service),
        ("contexts/services/b.yaml", Service),
        ("contexts/packages/p.yaml", Package),
        ("contexts/governance/constitution.yaml", ConstitutionText),
        ("contexts/governance/constitution.yml", ConstitutionText),
        (".context/schemas/task.schema.json", TaskSchema),
        (".context-kit/project.yml", Gen.OneOf<string?>(null, "name: x\n", "name: 3\n", "a: [")),
        (".context-kit/schemas/project.schema.json", Gen.OneOf<string?>(null, """{"properties":{"name":{"type":"string"}}}""", "[")),
    ];

    static readonly Gen<(string Path, string? Content)> Edit =
        Gen.Int[0, Files.Length - 1].SelectMany(i => Files[i].Content.Select(c => (Files[i].Path, c)));

    static readonly Gen<Dictionary<string, string>> Repository =
        Gen.Select(Files.Select(f => f.Content).ToArray().Aggregate(Gen.Const(new List<string?>()), (acc, g) => acc.SelectMany(l => g.Select(c => new List<string?>(l) { c }))),
            contents => Files.Zip(contents).Where(p => p.Second is not null).ToDictionary(p => p.First.Path, p => p.Second!));

    [Fact]
    public void Updating_after_each_edit_gives_the_report_a_full_validation_gives()
    {
        Gen.Select(Repository, Edit.List[1, 8]).Sample((initial, edits) =>
        {
            var files = new Dictionary<string, string>(initial);
            var snapshot = new InMemorySnapshot(files);
            var index = ContextIndex.Load(snapshot);
            var validator = new RepositoryValidator(Today);
            validator.Validate(index, snapshot);
            foreach (var (path, content) in edits)
            {
                if (content is null)
                    files.Remove(path);
                else
                    files[path] = content;
                var changed = RepoPath.Parse(path);
                if (ContextIndex.Covers(changed))
                    index = index.WithFile(changed, content);
                // ContextIndex.Load reads constitution.yml only when there is no .yaml, so removing the .yaml
                // must hand the index the .yml (the workspace does the same).
                if (changed == ContextIndex.ConstitutionYaml && content is null && files.TryGetValue(ContextIndex.ConstitutionYml.Value, out var yml))
                    index = index.WithFile(ContextIndex.ConstitutionYml, yml);
                var incremental = validator.Update(index, snapshot, changed);
                var full = RepositoryValidator.ValidateSnapshot(new InMemorySnapshot(new Dictionary<string, string>(files)), Today);
                Assert.Equal(ToJson(full), ToJson(incremental));
            }
        }, iter: 100);
    }

    [Fact]
    public void Only_the_edited_file_is_checked_against_its_schema_again()
    {
        var files = Base();
        var snapshot = new InMemorySnapshot(files);
        var index = ContextIndex.Load(snapshot);
        var validator = new RepositoryValidator(Today);
        var before = validator.Validate(index, snapshot);

        files["contexts/tasks/T-001.yaml"] = "id: T-001\ntitle: Build sync\nstatus: todo\nrelated:\n  feature: FEAT-999\n";
        index = index.WithFile(RepoPath.Parse("contexts/tasks/T-001.yaml"), files["contexts/tasks/T-001.yaml"]);
        var after = validator.Update(index, snapshot, RepoPath.Parse("contexts/tasks/T-001.yaml"));

        Assert.True(before.Ok);
        Assert.Equal("[Reference] T-001 -> FEAT-999 (related.feature): Referenced feature does not exist", Assert.Single(after.Errors));

        // Deleting the target of a reference re-checks the entities that name it.
        files.Remove("contexts/userstories/US-001.yaml");
        index = index.WithFile(RepoPath.Parse("contexts/userstories/US-001.yaml"), null);
        var deleted = validator.Update(index, snapshot, RepoPath.Parse("contexts/userstories/US-001.yaml"));
        Assert.Contains("[Reference] FEAT-001 -> US-001 (userStories): Referenced user story does not exist", deleted.Errors);
    }

    [Fact]
    public void A_schema_change_re_checks_the_files_of_its_type()
    {
        var files = Base();
        var snapshot = new InMemorySnapshot(files);
        var validator = new RepositoryValidator(Today);
        var index = ContextIndex.Load(snapshot);
        validator.Validate(index, snapshot);

        files[".context/schemas/task.schema.json"] = """{"type":"object","required":["estimate"]}""";
        var report = validator.Update(index, snapshot, RepoPath.Parse(".context/schemas/task.schema.json"));

        Assert.Equal("[Schema] contexts/tasks/T-001.yaml (T-001): must have required property 'estimate'", Assert.Single(report.Errors));
    }

    [Fact]
    public void The_report_for_one_file_holds_only_that_files_problems()
    {
        var files = Base()
            .With("contexts/tasks/T-001.yaml", "id: T-001\ntitle: t\nstatus: bogus\nrelated:\n  feature: FEAT-404\n  service: svc-x\n")
            .With("contexts/features/FEAT-002.yaml", "id: FEAT-002\ntitle: F\nstatus: proposed\nuserStories: [US-404]\n");
        var snapshot = new InMemorySnapshot(files);
        var validator = new RepositoryValidator(Today);
        var full = validator.Validate(ContextIndex.Load(snapshot), snapshot);

        var task = validator.ForFile(RepoPath.Parse("contexts/tasks/T-001.yaml"));

        Assert.Equal(3, full.TotalErrors);
        Assert.False(task.Ok);
        Assert.Equal(2, task.TotalErrors);
        Assert.Equal("contexts/tasks/T-001.yaml", Assert.Single(task.SchemaErrors).File);
        Assert.Equal("FEAT-404", Assert.Single(task.CrossReferenceErrors).Reference);
        Assert.Equal("svc-x", Assert.Single(task.Warnings).Reference);
        Assert.Equal(full.Stats, task.Stats);

        var clean = validator.ForFile(RepoPath.Parse("contexts/specs/SPEC-001.yaml"));
        Assert.True(clean.Ok);
        Assert.Equal("All validations passed", clean.Message);
    }
}
