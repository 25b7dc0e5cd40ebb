using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ContextKit.Cluster.Tests.Kubernetes;

/// <summary>
/// The part of kustomize that k8s/ uses, so that the manifests can be rendered and checked on a machine
/// without kubectl: <c>resources</c> (files and kustomization folders), <c>namespace</c>, <c>images</c>,
/// <c>replicas</c> and strategic-merge <c>patches</c> (maps merge; lists of maps merge by their key —
/// name, mountPath, containerPort or topologyKey — other lists are replaced). Anything else in a
/// kustomization is refused, so a manifest using more than this is noticed rather than mis-rendered.
/// </summary>
public static class Kustomize
{
    static readonly string[] Supported = ["apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"];
    static readonly string[] MergeKeys = ["name", "mountPath", "containerPort", "topologyKey"];
    static readonly string[] ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PersistentVolume"];

    public static List<Dictionary<object, object>> Render(string folder)
    {
        var kustomization = Load(Path.Combine(folder, "kustomization.yaml")).Single();
        var unknown = kustomization.Keys.Select(k => (string)k).Except(Supported).ToList();
        if (unknown.Count > 0)
            throw new NotSupportedException($"{folder}/kustomization.yaml uses {string.Join(", ", unknown)}, which this renderer does not implement.");

        var objects = new List<Dictionary<object, object>>();
        foreach (var resource in List(kustomization, "resources").Cast<string>())
        {
            var path = Path.GetFullPath(Path.Combine(folder, resource));
            objects.AddRange(Directory.Exists(path) ? Render(path) : Load(path));
        }
        foreach (var patch in List(kustomization, "patches").Cast<Dictionary<object, object>>())
            foreach (var document in Load(Path.Combine(folder, (string)patch["path"])))
            {
                var target = objects.SingleOrDefault(o => Kind(o) == Kind(document) && Name(o) == Name(document))
                             ?? throw new InvalidOperationException($"The patch {patch["path"]} targets {Kind(document)}/{Name(document)}, which is not rendered.");
                Merge(target, document);
            }
        foreach (var replica in List(kustomization, "replicas").Cast<Dictionary<object, object>>())
        {
            var target = objects.Single(o => Kind(o) is "Deployment" or "StatefulSet" && Name(o) == (string)replica["name"]);
            ((Dictionary<object, object>)target["spec"])["replicas"] = replica["count"];
        }
        foreach (var image in List(kustomization, "images").Cast<Dictionary<object, object>>())
            foreach (var container in objects.SelectMany(Containers))
                if (ImageName((string)container["image"]) == (string)image["name"])
                {
                    var name = image.TryGetValue("newName", out var newName) ? (string)newName : ImageName((string)container["image"]);
                    var tag = image.TryGetValue("newTag", out var newTag) ? (string)newTag : ImageTag((string)container["image"]);
                    container["image"] = tag is null ? name : $"{name}:{tag}";
                }
        if (kustomization.TryGetValue("namespace", out var ns))
            foreach (var o in objects.Where(o => !ClusterScoped.Contains(Kind(o))))
                ((Dictionary<object, object>)o["metadata"])["namespace"] = ns;
        return objects;
    }

    public static string Kind(Dictionary<object, object> o) => (string)o["kind"];

    public static string Name(Dictionary<object, object> o) => (string)((Dictionary<object, object>)o["metadata"])["name"];

    /// <summary>The containers of a workload (Deployment, StatefulSet, Job, …), as live maps.</summary>
    public static IEnumerable<Dictionary<object, object>> Containers(Dictionary<object, object> o) =>
        o.TryGetValue("spec", out var spec) && spec is Dictionary<object, object> s
        && s.TryGetValue("template", out var template) && template is Dictionary<object, object> t
        && t.TryGetValue("spec", out var podSpec) && podSpec is Dictionary<object, object> p
            ? List(p, "containers").Cast<Dictionary<object, object>>()
            : [];

    public static List<Dictionary<object, object>> Load(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StreamReader(file);
        // Merge keys (<<: *anchor), as docker-compose.yml uses them.
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<Dictionary<object, object>?>(parser);
            if (document is not null)
                documents.Add(document);
        }
        return documents;
    }

    static List<object> List(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object> list ? list : [];

    static void Merge(Dictionary<object, object> target, Dictionary<object, object> patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is Dictionary<object, object> map && target.TryGetValue(key, out var existing) && existing is Dictionary<object, object> into)
                Merge(into, map);
            else if (value is List<object> items && target.TryGetValue(key, out var current) && current is List<object> list
                     && MergeKey(list, items) is { } mergeKey)
                foreach (var item in items.Cast<Dictionary<object, object>>())
                {
                    var match = list.Cast<Dictionary<object, object>>().FirstOrDefault(i => Equals(i[mergeKey], item[mergeKey]));
                    if (match is null)
                        list.Add(item);
                    else
                        Merge(match, item);
                }
            else
                target[key] = value;
        }
    }

    static string? MergeKey(List<object> list, List<object> items)
    {
        var all = list.Concat(items).ToList();
        if (all.Count == 0 || !all.All(i => i is Dictionary<object, object>))
            return null;
        return MergeKeys.FirstOrDefault(k => all.Cast<Dictionary<object, object>>().All(i => i.ContainsKey(k)));
    }

    static string ImageName(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[..colon] : image;
    }

    static string? ImageTag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[(colon + 1)..] : null;
    }

    /// <summary>The rendered objects as one YAML stream (for reading, and to compare with kubectl kustomize).</summary>
    public static string ToYaml(IEnumerable<Dictionary<object, object>> objects) =>
        string.Join("---\n", objects.Select(o => new SerializerBuilder().Build().Serialize(o)));
}
