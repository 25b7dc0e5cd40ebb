using static ContextKit.Domain.Tests.Validation.ValidationRepository;

namespace ContextKit.Domain.Tests.Validation;

/// <summary><c>.context-kit/*.yml</c> against <c>.context-kit/schemas/</c>: <c>meta</c> warnings, never errors (context-repo-format §3).</summary>
public class ProjectSettingsTests
{
    const string PromptsSchema = """
        {"type":"object","properties":{"ragConfig":{"type":"object","properties":{"maxResults":{"type":"integer","minimum":1,"maximum":50}}}}}
        """;

    [Fact]
    public void A_settings_file_that_breaks_its_schema_gives_meta_warnings()
    {
        var report = Validate(Base()
            .With(".context-kit/schemas/prompts.schema.json", PromptsSchema)
            .With(".context-kit/prompts.yml", "ragConfig:\n  maxResults: 80\n"));

        var warning = Assert.Single(report.Warnings);
        Assert.Equal("meta", warning.Kind);
        Assert.Equal(".context-kit/prompts.yml", warning.File);
        Assert.Equal("/ragConfig/maxResults must be <= 50", warning.Message);
        Assert.True(report.Ok);
    }

    [Fact]
    public void Settings_without_a_schema_are_not_checked_and_broken_ones_warn()
    {
        var report = Validate(Base()
            .With(".context-kit/stack.yml", "language: [\n")
            .With(".context-kit/schemas/prompts.schema.json", "{")
            .With(".context-kit/prompts.yml", "ragConfig: {}\n")
            .With(".context-kit/schemas/project.schema.json", """{"type":"object"}""")
            .With(".context-kit/project.yml", "name: [\n")
            .With(".context-kit/spec-log/log-1.json", "{}"));

        Assert.Equal(
        [
            "meta .context-kit/project.yml: Failed to parse YAML: ",
            "meta .context-kit/schemas/prompts.schema.json: Schema could not be loaded: invalid JSON at line 1, column 2",
        ], report.Warnings.Select(w => $"{w.Kind} {w.File}: {(w.Message.StartsWith("Failed", StringComparison.Ordinal) ? w.Message[..22] : w.Message)}"));
        Assert.True(report.Ok);
    }
}
