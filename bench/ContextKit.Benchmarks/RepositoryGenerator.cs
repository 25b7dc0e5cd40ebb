using System.Text;

namespace ContextKit.Benchmarks;

/// <summary>
/// Generates a believable context repository of a given size: features with their stories, specs and
/// tasks linked both ways, services that depend on each other and have consumers, packages that use
/// services. The same seed gives the same repository.
/// </summary>
public static class RepositoryGenerator
{
    public static Dictionary<string, string> Generate(int entities, int seed = 42)
    {
        var random = new Random(seed);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var features = Math.Max(1, entities / 10);
        var services = Math.Max(2, entities / 20);
        var packages = Math.Max(1, entities / 20);
        var specs = features;
        var stories = Math.Max(1, entities / 4);
        var tasks = Math.Max(1, entities - features - services - packages - specs - stories);
        string Feature(int i) => $"FEAT-{i + 1:000}";
        string Story(int i) => $"US-{i + 1:000}";
        string Spec(int i) => $"SPEC-{i + 1:000}";
        string Task(int i) => $"T-{i + 1:000}";
        string Service(int i) => $"svc-{i + 1:000}";
        string Package(int i) => $"pkg-{i + 1:000}";

        for (var f = 0; f < features; f++)
        {
            var myStories = Enumerable.Range(0, stories).Where(s => s % features == f).Select(Story);
            var myTasks = Enumerable.Range(0, tasks).Where(t => t % features == f).Select(Task);
            files[$"contexts/features/{Feature(f)}.yaml"] = new StringBuilder()
                .Append($"# Feature {f}\nid: {Feature(f)}\ntitle: Feature number {f}\nstatus: {Pick(random, "proposed", "in-progress", "done")}\n")
                .Append($"domain: area-{f % 7}\nowners:\n  - \"@owner{f % 13}\"\n")
                .Append($"requires:\n  - {Service(random.Next(services))}\n")
                .Append(List("userStories", myStories)).Append(List("specs", [Spec(f)])).Append(List("tasks", myTasks))
                .ToString();
            files[$"contexts/specs/{Spec(f)}.yaml"] =
                $"id: {Spec(f)}\ntitle: Spec for feature {f}\ntype: technical\nrelated:\n  features: [{Feature(f)}]\n  services: [{Service(random.Next(services))}]\ncontent: |\n  How feature {f} works.\n";
        }
        for (var s = 0; s < stories; s++)
            files[$"contexts/userstories/{Story(s)}.yaml"] =
                $"id: {Story(s)}\nfeature: {Feature(s % features)}\nasA: user\niWant: to do thing {s}\nsoThat: value {s}\nacceptanceCriteria:\n  - it works\n  - it is fast\nimpacts:\n  services: [{Service(random.Next(services))}]\n";
        for (var t = 0; t < tasks; t++)
            files[$"contexts/tasks/{Task(t)}.yaml"] =
                $"id: {Task(t)}\ntitle: Task {t}\nstatus: {Pick(random, "todo", "doing", "done", "blocked")}\nowner: \"@dev{t % 17}\"\nrelated:\n  feature: {Feature(t % features)}\n  spec: {Spec(t % features)}\n  service: {Service(random.Next(services))}\nsteps:\n  - step one\n  - step two\ndoneCriteria:\n  - tests pass\n";
        for (var v = 0; v < services; v++)
            files[$"contexts/services/{Service(v)}.yaml"] =
                $"id: {Service(v)}\nname: Service {v}\ntype: backend\napi:\n  version: 1.{v % 5}.0\ndependencies:\n  - \"{Service((v + 1) % services)}@^1.0.0\"\nconsumers:\n  - {Package(v % packages)}\n";
        for (var p = 0; p < packages; p++)
            files[$"contexts/packages/{Package(p)}.yaml"] =
                $"id: {Package(p)}\nname: Package {p}\nversion: 1.0.{p}\ntype: nuget\nuses:\n  services: [{Service(p % services)}]\ndependencies:\n  - \"serilog@^4.0.0\"\n";
        return files;
    }

    static string List(string key, IEnumerable<string> ids)
    {
        var items = ids.ToList();
        return items.Count == 0 ? $"{key}: []\n" : $"{key}:\n" + string.Concat(items.Select(i => $"  - {i}\n"));
    }

    static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}
