using ContextKit.Domain.Entities;
using ContextKit.Domain.Graph;
using ContextKit.Domain.Paths;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Validation;

namespace ContextKit.Benchmarks;

/// <summary>Loading, validation, incremental re-validation, graph and memory for generated repositories.</summary>
public static class ContextEngineBenchmarks
{
    public static void Run(BenchmarkOptions options)
    {
        foreach (var size in options.Sizes)
        {
            var files = RepositoryGenerator.Generate(size);
            var snapshot = new InMemorySnapshot(files);
            Harness.Header($"Context engine, {size:N0} entities ({files.Count:N0} files)");

            Harness.Measure("load (parse every file)", options.Rounds, () => ContextIndex.Load(snapshot));
            var index = ContextIndex.Load(snapshot);
            Harness.Measure("full validation of the loaded index", options.Rounds, () => new RepositoryValidator().Validate(index, snapshot));
            Harness.Measure("load + full validation", options.Rounds, () => new RepositoryValidator().Validate(ContextIndex.Load(snapshot), snapshot));
            Harness.Measure("graph (build + view)", options.Rounds, () => _ = ContextGraph.Build(index).View);

            // One edit as a workspace sees it: re-index that file, re-validate incrementally, narrow to the file.
            var edited = RepoPath.Parse("contexts/tasks/T-001.yaml");
            var text = files[edited.Value];
            var validator = new RepositoryValidator();
            validator.Validate(index, snapshot);
            var current = index;
            var round = 0;
            Harness.Measure("incremental re-validation after one edit", options.Rounds * 5, () =>
            {
                var status = round++ % 2 == 0 ? "status: blocked" : "status: todo";
                current = current.WithFile(edited, System.Text.RegularExpressions.Regex.Replace(text, "status: [a-z]+", status));
                validator.Update(current, snapshot, edited);
                _ = validator.ForFile(edited);
            });

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var held = ContextIndex.Load(snapshot);
            var heldValidator = new RepositoryValidator();
            heldValidator.Validate(held, snapshot);
            var graph = ContextGraph.Build(held);
            _ = graph.View;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            Harness.Row("memory held by a loaded workspace (index + validation + graph)", $"{(after - before) / (1024.0 * 1024):F0} MB");
            GC.KeepAlive(graph);
            GC.KeepAlive(heldValidator);
        }
    }
}
