using System.Text;
using ContextKit.Domain.C4;
using ContextKit.Domain.Entities;
using ContextKit.Domain.Snapshots;
using ContextKit.Domain.Templates;

namespace ContextKit.Domain.Tests.C4;

/// <summary>Small in-memory repositories for the C4 tests: the §14 base repository, or the starter.</summary>
static class C4TestRepository
{
    public static Dictionary<string, string> Base() => new()
    {
        ["contexts/features/FEAT-001.yaml"] = "id: FEAT-001\ntitle: Billing\nstatus: proposed\n",
        ["contexts/userstories/US-001.yaml"] = "id: US-001\nfeature: FEAT-001\nasA: dev\niWant: x\nsoThat: y\n",
        ["contexts/specs/SPEC-001.yaml"] = "id: SPEC-001\ntitle: Invoices\n",
        ["contexts/tasks/T-001.yaml"] = "id: T-001\ntitle: Build\nstatus: todo\n",
        ["contexts/services/svc-git.yaml"] = "id: svc-git\nname: Git\ntype: backend\n",
        ["contexts/services/svc-billing-api.yaml"] = "id: svc-billing-api\nname: Billing API\ntype: backend\n",
        ["contexts/packages/pkg-context-sync.yaml"] = "id: pkg-context-sync\nname: Context sync\nversion: 1.0.0\ntype: npm\n",
    };

    public static Dictionary<string, string> Starter() =>
        RepositoryTemplates.Files(RepositoryTemplate.Starter).ToDictionary(f => f.Path, f => Encoding.UTF8.GetString(f.Content));

    public static C4Analysis Analyse(Dictionary<string, string> files)
    {
        var snapshot = new InMemorySnapshot(files);
        return C4Diagrams.Analyse(snapshot, ContextIndex.Load(snapshot));
    }

    /// <summary>Analyses the base repository with one diagram, <c>c4/diagram.md</c>, holding <paramref name="mermaid"/>.</summary>
    public static C4Analysis AnalyseBlock(string mermaid) => Analyse(With("c4/diagram.md", Fenced(mermaid)));

    public static Dictionary<string, string> With(string path, string text) => new(Base()) { [path] = text };

    public static string Fenced(string mermaid) => $"# Diagram\n\n```mermaid\n{mermaid}\n```\n";
}
