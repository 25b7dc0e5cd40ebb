using ContextKit.Domain.Snapshots;
using System.Text.Json.Serialization;

namespace ContextKit.Domain.Prompts;

/// <summary>
/// The outcome of one prompt generation request (context-repo-format §8): the prompts made, the ids that
/// failed and why, and the counts. <c>Ok</c> is true exactly when nothing failed; successful prompts are
/// reported, and written, either way.
/// </summary>
public sealed record PromptReport(
    bool Ok,
    IReadOnlyList<GeneratedPrompt> Generated,
    IReadOnlyList<PromptError> Errors,
    PromptStats Stats);

/// <summary>One generated prompt: where it and its checklist go, and the prompt text.</summary>
public sealed record GeneratedPrompt(string Id, string Type, string OutputFile, string ChecklistFile, string Content);

/// <summary>A requested id that produced no prompt, with one of the §8 error texts.</summary>
public sealed record PromptError(string Id, string Error);

public sealed record PromptStats(int Requested, int Generated, int Failed);

/// <summary>The report to answer with and the files to write (two per generated prompt).</summary>
public sealed record PromptGeneration(PromptReport Report, IReadOnlyList<GeneratedFile> Files);
