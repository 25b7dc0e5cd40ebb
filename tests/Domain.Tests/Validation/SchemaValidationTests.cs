using ContextKit.Domain.Validation;
using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary>Schema failures (context-repo-format §3, §5.1): Ajv wording from keyword and params, pointers and positions.</summary>
public class SchemaValidationTests
{
    static SchemaError SchemaErrorOf(Dictionary<string, string> files, string path) =>
        Assert.Single(Validate(files).SchemaErrors, e => e.File == path);

    static SchemaViolation Only(string path, string yaml, string? repoSchema = null)
    {
        var files = Base().With(path, yaml);
        if (repoSchema is not null)
            files[repoSchema.Split('\n')[0]] = repoSchema[(repoSchema.IndexOf('\n') + 1)..];
        return Assert.Single(SchemaErrorOf(files, path).Errors!);
    }

    [Fact]
    public void A_missing_required_property_points_at_the_mapping()
    {
        var error = SchemaErrorOf(Base().With("contexts/userstories/US-001.yaml", "# a story\nid: US-001\nfeature: FEAT-001\nasA: user\niWant: x\n"),
            "contexts/userstories/US-001.yaml");

        var violation = Assert.Single(error.Errors!);
        Assert.Equal("", violation.InstancePath);
        Assert.Equal("#/required", violation.SchemaPath);
        Assert.Equal("required", violation.Keyword);
        Assert.Equal("must have required property 'soThat'", violation.Message);
        Assert.Equal("""{"missingProperty":"soThat"}""", ToJson(violation.Params));
        Assert.Equal((2, 1), (violation.Line, violation.Column));
    }

    [Fact]
    public void Each_missing_property_is_its_own_error_and_the_messages_are_joined_in_the_errors_line()
    {
        var report = Validate(Base().With("contexts/features/FEAT-001.yaml", "id: FEAT-001\nuserStories: [US-001]\ntasks: [T-001]\n"));

        var error = Assert.Single(report.SchemaErrors);
        Assert.Equal(["must have required property 'title'", "must have required property 'status'"], error.Errors!.Select(e => e.Message));
        Assert.Contains("[Schema] contexts/features/FEAT-001.yaml (FEAT-001): must have required property 'title'; must have required property 'status'", report.Errors);
        Assert.Equal(1, report.TotalErrors);
    }

    [Fact]
    public void A_nested_required_property_points_at_its_own_mapping()
    {
        var text = Constitution("""
            - id: r
              description: d
              targets: [task]
              conditions: [{ path: id, operator: exists }]
              severity: low
            """).Replace("  reviewCadence: quarterly\n", "");
        var violation = Assert.Single(Assert.Single(Validate(Base().With(ConstitutionPath, text)).ConstitutionErrors).Errors!);

        Assert.Equal("/governance", violation.InstancePath);
        Assert.Equal("#/properties/governance/required", violation.SchemaPath);
        Assert.Equal("must have required property 'reviewCadence'", violation.Message);
        var owners = text.Split('\n').ToList().FindIndex(l => l.StartsWith("  owners:", StringComparison.Ordinal)) + 1;
        Assert.Equal((owners, 3), (violation.Line, violation.Column));
    }

    [Fact]
    public void An_extra_key_under_additionalProperties_false_points_at_the_key()
    {
        var violation = Only("contexts/services/svc-git.yaml", "id: svc-git\nname: Git\ntype: backend\n  \nsurplus: 1\n",
            ".context/schemas/service.schema.json\n" + """{"type":"object","properties":{"id":{},"name":{},"type":{}},"additionalProperties":false}""");

        Assert.Equal("", violation.InstancePath);
        Assert.Equal("#/additionalProperties", violation.SchemaPath);
        Assert.Equal("additionalProperties", violation.Keyword);
        Assert.Equal("must NOT have additional properties", violation.Message);
        Assert.Equal("""{"additionalProperty":"surplus"}""", ToJson(violation.Params));
        Assert.Equal((5, 1), (violation.Line, violation.Column));
    }

    [Fact]
    public void A_pattern_failure_inside_a_list_points_at_the_item()
    {
        var violation = Only("contexts/features/FEAT-001.yaml", "id: FEAT-001\ntitle: Sync\nstatus: proposed\nuserStories:\n  - US-001\n  - story-2\n");

        Assert.Equal("/userStories/1", violation.InstancePath);
        Assert.Equal("#/properties/userStories/items/pattern", violation.SchemaPath);
        Assert.Equal("must match pattern \"^US-[0-9]{3,}$\"", violation.Message);
        Assert.Equal((6, 5), (violation.Line, violation.Column));
    }

    [Fact]
    public void A_wrong_type_names_the_expected_type()
    {
        var violation = Only("contexts/tasks/T-001.yaml", "id: T-001\ntitle: Build sync\nstatus: todo\nrelated:\n  feature: [FEAT-001]\n");

        Assert.Equal("/related/feature", violation.InstancePath);
        Assert.Equal("#/properties/related/properties/feature/type", violation.SchemaPath);
        Assert.Equal("type", violation.Keyword);
        Assert.Equal("must be string", violation.Message);
        Assert.Equal("""{"type":"string"}""", ToJson(violation.Params));
        Assert.Equal((5, 12), (violation.Line, violation.Column));
    }

    [Fact]
    public void A_value_outside_the_enum_lists_the_allowed_values()
    {
        var violation = Only("contexts/tasks/T-001.yaml", "id: T-001\ntitle: Build sync\nstatus: finished\n");

        Assert.Equal("enum", violation.Keyword);
        Assert.Equal("#/properties/status/enum", violation.SchemaPath);
        Assert.Equal("must be equal to one of the allowed values", violation.Message);
        Assert.Equal("""{"allowedValues":["todo","doing","done","blocked","needs-review"]}""", ToJson(violation.Params));
    }

    [Fact]
    public void Too_short_strings_and_lists_give_the_limit()
    {
        var title = Only("contexts/features/FEAT-001.yaml", "id: FEAT-001\ntitle: ''\nstatus: proposed\n");
        Assert.Equal("minLength", title.Keyword);
        Assert.Equal("must NOT have fewer than 1 characters", title.Message);
        Assert.Equal("""{"limit":1}""", ToJson(title.Params));

        var files = Base().With(ConstitutionPath, Constitution("""
            - id: r
              description: d
              targets: [task]
              conditions: []
              severity: low
            """));
        var constitution = Assert.Single(Validate(files).ConstitutionErrors);
        var items = Assert.Single(constitution.Errors!);
        Assert.Equal("minItems", items.Keyword);
        Assert.Equal("/compliance/rules/0/conditions", items.InstancePath);
        Assert.Equal("#/properties/compliance/properties/rules/items/properties/conditions/minItems", items.SchemaPath);
        Assert.Equal("must NOT have fewer than 1 items", items.Message);
    }

    [Fact]
    public void Duplicate_items_are_named_as_Ajv_names_them()
    {
        var files = Base().With(ConstitutionPath, Constitution("""
            - id: r
              description: d
              targets: [task]
              conditions: [{ path: id, operator: exists }]
              severity: low
            """, layers: """
            - id: delivery
              name: Delivery
              paths: [contexts/tasks, contexts/services, contexts/tasks]
            """));
        var violation = Assert.Single(Assert.Single(Validate(files).ConstitutionErrors).Errors!);

        Assert.Equal("uniqueItems", violation.Keyword);
        Assert.Equal("/layers/0/paths", violation.InstancePath);
        Assert.Equal("#/properties/layers/items/properties/paths/uniqueItems", violation.SchemaPath);
        Assert.Equal("must NOT have duplicate items (items ## 2 and 0 are identical)", violation.Message);
        Assert.Equal("""{"i":0,"j":2}""", ToJson(violation.Params));
    }

    [Fact]
    public void Formats_are_asserted()
    {
        var violation = Only("contexts/services/svc-git.yaml", "id: svc-git\nname: Git\ntype: backend\nrepository: not a uri\n");

        Assert.Equal("format", violation.Keyword);
        Assert.Equal("#/properties/repository/format", violation.SchemaPath);
        Assert.Equal("must match format \"uri\"", violation.Message);
        Assert.Equal("""{"format":"uri"}""", ToJson(violation.Params));
    }

    [Theory]
    [InlineData("ratifiedOn: 2025-10-22", true)]
    [InlineData("ratifiedOn: \"2025-10-22\"", true)]
    [InlineData("ratifiedOn: 2025-02-30", false)]
    [InlineData("ratifiedOn: 22.10.2025", false)]
    public void An_unquoted_date_stays_a_string_and_passes_format_date(string line, bool valid)
    {
        var constitution = Constitution("""
            - id: r
              description: d
              targets: [task]
              conditions: [{ path: id, operator: exists }]
              severity: low
            """).Replace("ratifiedOn: 2025-01-15", line);
        var report = Validate(Base().With(ConstitutionPath, constitution));

        Assert.Equal(valid, report.ConstitutionErrors.Count == 0);
        if (!valid)
            Assert.Equal("must match format \"date\"", Assert.Single(report.ConstitutionErrors[0].Errors!).Message);
    }

    [Theory]
    [InlineData("version: 1.0", "must be string")]
    [InlineData("version: 2", "must be string")]
    [InlineData("version: true", "must be string")]
    [InlineData("version: ~", "must be string")]
    public void YAML_numbers_booleans_and_nulls_are_not_strings(string line, string message)
    {
        var violation = Only("contexts/packages/pkg-context-sync.yaml", $"id: pkg-context-sync\nname: context-sync\n{line}\ntype: npm\n");
        Assert.Equal(message, violation.Message);
    }

    [Theory]
    [InlineData("version: 1.0.0")]
    [InlineData("version: 'yes'")]
    [InlineData("version: yes")]
    [InlineData("version: 0x1G")]
    public void Plain_text_that_is_not_a_core_schema_number_or_boolean_is_a_string(string line) =>
        Assert.True(Validate(Base().With("contexts/packages/pkg-context-sync.yaml", $"id: pkg-context-sync\nname: context-sync\n{line}\ntype: npm\n")).Ok);

    [Fact]
    public void A_file_without_an_id_is_reported_as_unknown()
    {
        var error = SchemaErrorOf(Base().With("contexts/specs/nameless.yaml", "title: No id\n"), "contexts/specs/nameless.yaml");
        Assert.Equal("unknown", error.Entity);
        Assert.Equal("must have required property 'id'", Assert.Single(error.Errors!).Message);
    }

    [Fact]
    public void Parse_failures_carry_the_message_and_position()
    {
        var report = Validate(Base()
            .With("contexts/specs/broken.yaml", "id: SPEC-002\ntitle: [unclosed\n")
            .With("contexts/specs/empty.yaml", "")
            .With("contexts/specs/list.yaml", "- a\n- b\n"));

        var broken = Assert.Single(report.SchemaErrors, e => e.File == "contexts/specs/broken.yaml");
        Assert.StartsWith("Failed to parse YAML: ", broken.Error);
        Assert.NotNull(broken.Line);
        Assert.Contains(new SchemaError("contexts/specs/empty.yaml", "Failed to parse YAML: document is empty"), report.SchemaErrors);
        Assert.Contains(report.SchemaErrors, e => e.File == "contexts/specs/list.yaml" && e.Error == "Failed to parse YAML: root must be a mapping");
        Assert.Contains("[Schema] contexts/specs/empty.yaml: Failed to parse YAML: document is empty", report.Errors);
        Assert.Equal(3, report.TotalErrors);
    }

    [Fact]
    public void A_repository_schema_is_authoritative()
    {
        var violation = Only("contexts/specs/SPEC-001.yaml", "id: SPEC-001\ntitle: Sync protocol\n",
            ".context/schemas/spec.schema.json\n" + """{"type":"object","required":["id","title","owner"]}""");

        Assert.Equal("must have required property 'owner'", violation.Message);
    }

    [Fact]
    public void A_draft_07_repository_schema_is_honoured()
    {
        var violation = Only("contexts/specs/SPEC-001.yaml", "id: SPEC-001\ntitle: Sync protocol\nrelated: [1, x]\n",
            ".context/schemas/spec.schema.json\n" + """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
             "definitions":{"name":{"type":"string"}},
             "properties":{"related":{"type":"array","items":[{"$ref":"#/definitions/name"}]}}}
            """);

        Assert.Equal("/related/0", violation.InstancePath);
        Assert.Equal("#/definitions/name/type", violation.SchemaPath);
        Assert.Equal("must be string", violation.Message);
    }

    [Theory]
    [InlineData("{ not json", "Schema could not be loaded: invalid JSON at line 1, column 3")]
    [InlineData("""{"type":"strin"}""", null)]
    [InlineData("""{"properties":{"a":{"$ref":"#/nowhere"}}}""", null)]
    [InlineData("""{"$schema":"http://json-schema.org/draft-04/schema#"}""", null)]
    [InlineData("[1]", "Schema could not be loaded: a schema must be a JSON object or a boolean")]
    public void An_unloadable_repository_schema_is_reported_and_the_built_in_one_used(string text, string? message)
    {
        var report = Validate(Base()
            .With(".context/schemas/feature.schema.json", text)
            .With("contexts/features/FEAT-1.yaml", "id: FEAT-1\ntitle: x\nstatus: proposed\n"));

        var load = report.SchemaErrors[0];
        Assert.Equal(".context/schemas/feature.schema.json", load.File);
        Assert.StartsWith("Schema could not be loaded: ", load.Error);
        if (message is not null)
            Assert.Equal(message, load.Error);
        Assert.DoesNotContain("urn:", load.Error);
        Assert.Contains($"[Schema] .context/schemas/feature.schema.json: {load.Error}", report.Errors);
        // The built-in feature schema still applies.
        Assert.Equal("pattern", Assert.Single(report.SchemaErrors[1].Errors!).Keyword);
        Assert.Equal(2, report.TotalErrors);
    }

    [Fact]
    public void Combinators_report_their_branches_and_their_own_verdict()
    {
        var violations = SchemaErrorOf(Base()
            .With(".context/schemas/spec.schema.json", """
                {"type":"object","properties":{
                  "a":{"anyOf":[{"type":"string"},{"type":"number"}]},
                  "o":{"oneOf":[{"type":"string"},{"minLength":1}]},
                  "n":{"not":{"type":"string"}},
                  "i":{"if":{"type":"string"},"then":{"minLength":5}}}}
                """)
            .With("contexts/specs/SPEC-001.yaml", "id: SPEC-001\na: true\no: text\nn: text\ni: abc\n"), "contexts/specs/SPEC-001.yaml").Errors!;

        Assert.Contains(violations, v => v is { Keyword: "anyOf", InstancePath: "/a", SchemaPath: "#/properties/a/anyOf", Message: "must match a schema in anyOf" });
        Assert.Contains(violations, v => v is { Keyword: "type", SchemaPath: "#/properties/a/anyOf/0/type" });
        Assert.Contains(violations, v => v is { Keyword: "oneOf", Message: "must match exactly one schema in oneOf" } && ToJson(v.Params) == """{"passingSchemas":[0,1]}""");
        Assert.Contains(violations, v => v is { Keyword: "not", SchemaPath: "#/properties/n/not", Message: "must NOT be valid" });
        Assert.Contains(violations, v => v is { Keyword: "if", Message: "must match \"then\" schema" });
        Assert.Contains(violations, v => v is { Keyword: "minLength", SchemaPath: "#/properties/i/then/minLength" });
    }

    [Fact]
    public void Nested_list_items_are_located_in_the_schema()
    {
        var violation = Only("contexts/specs/SPEC-001.yaml", "id: SPEC-001\ntitle: t\ngrid:\n  - [a, 1]\n",
            ".context/schemas/spec.schema.json\n" + """{"properties":{"grid":{"items":{"items":{"type":"string"}}}}}""");

        Assert.Equal("/grid/0/1", violation.InstancePath);
        Assert.Equal("#/properties/grid/items/items/type", violation.SchemaPath);
    }

    [Fact]
    public void Names_with_slashes_and_tildes_are_escaped_in_both_pointers()
    {
        var violation = Only("contexts/specs/SPEC-001.yaml", "id: SPEC-001\ntitle: t\n\"a/b~c\": 1\n",
            ".context/schemas/spec.schema.json\n" + """{"properties":{"a/b~c":{"type":"string"}}}""");

        Assert.Equal("/a~1b~0c", violation.InstancePath);
        Assert.Equal("#/properties/a~1b~0c/type", violation.SchemaPath);
        Assert.Equal((3, 10), (violation.Line, violation.Column));
    }

    [Fact]
    public void A_broken_target_file_yields_only_its_own_schema_error()
    {
        // US-001 fails its schema, yet FEAT-001's userStories and its own feature link stay resolved.
        var report = Validate(Base().With("contexts/userstories/US-001.yaml", "id: US-001\nfeature: FEAT-001\nasA: user\n"));

        Assert.Single(report.SchemaErrors);
        Assert.Empty(report.CrossReferenceErrors);
        Assert.Empty(report.Warnings);
        Assert.Equal(1, report.TotalErrors);
        Assert.Equal(5, report.Stats.TotalEntities);
        Assert.False(report.Stats.ByType.ContainsKey("userstory"));
    }
}
