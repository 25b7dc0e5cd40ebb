using System.Text.RegularExpressions;
using ContextKit.Cluster.Tests.Infrastructure;
using ContextKit.Silo.Deployment;
using Microsoft.Extensions.Configuration;
using static ContextKit.Cluster.Tests.Kubernetes.Kustomize;

namespace ContextKit.Cluster.Tests.Kubernetes;

/// <summary>Renders every overlay of k8s/ and checks what a deployment needs from it.</summary>
public sealed partial class ManifestTests
{
    public static TheoryData<string, string, int, string, string?> Overlays => new()
    {
        // overlay, namespace, replicas, image, storage class
        { "dev", "contextkit-dev", 1, "contextkit:dev", null },
        { "staging", "contextkit-staging", 2, "contextkit.azurecr.io/contextkit:0.9.0-rc.1", "azurefile-csi-nfs" },
        { "production", "contextkit", 3, "contextkit.azurecr.io/contextkit:1.0.0", "azurefile-csi-premium-nfs" },
    };

    public static TheoryData<string> OverlayNames => new() { "dev", "staging", "production" };

    static string K8s => Path.Combine(Repo.Root, "k8s");

    static List<Dictionary<object, object>> RenderOverlay(string overlay) => Render(Path.Combine(K8s, "overlays", overlay));

    [Theory]
    [MemberData(nameof(Overlays))]
    public void An_overlay_renders_with_its_namespace_replicas_image_and_storage_class(string overlay, string ns, int replicas, string image, string? storageClass)
    {
        var objects = RenderOverlay(overlay);

        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o["apiVersion"] as string));
            Assert.Equal(ns, (string)Map(o, "metadata")["namespace"]);
        });
        var kinds = objects.Select(Kind).Order().ToList();
        Assert.Equal(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Job", "NetworkPolicy", "PersistentVolumeClaim",
            "PodDisruptionBudget", "Service", "ServiceAccount"], kinds);
        var deployment = Single(objects, "Deployment");
        Assert.Equal(replicas.ToString(), Map(deployment, "spec")["replicas"].ToString());
        Assert.All(objects.SelectMany(Containers), c => Assert.Equal(image, c["image"]));
        var claim = Single(objects, "PersistentVolumeClaim");
        Assert.Equal(["ReadWriteMany"], Strings(Map(claim, "spec")["accessModes"]));
        Assert.Equal(storageClass, Map(claim, "spec").GetValueOrDefault("storageClassName") as string);
    }

    [Theory]
    [MemberData(nameof(OverlayNames))]
    public void Every_workload_has_probes_resources_and_a_locked_down_security_context(string overlay)
    {
        var objects = RenderOverlay(overlay);
        foreach (var deployment in objects.Where(o => Kind(o) == "Deployment"))
            Assert.All(Containers(deployment), container =>
            {
                Assert.Equal("/health/live", At(container, "startupProbe", "httpGet", "path"));
                Assert.Equal("/health/ready", At(container, "readinessProbe", "httpGet", "path"));
                Assert.Equal("/health/live", At(container, "livenessProbe", "httpGet", "path"));
                Assert.Equal(["http", "silo", "gateway"], List(container, "ports").Select(p => (string)Map(p)["name"]));
            });
        foreach (var workload in objects.Where(o => Kind(o) is "Deployment" or "Job"))
        {
            var pod = Map(Map(Map(workload, "spec"), "template"), "spec");
            Assert.Equal("true", At(pod, "securityContext", "runAsNonRoot"));
            Assert.All(Containers(workload), container =>
            {
                foreach (var bound in new[] { "requests", "limits" })
                    foreach (var resource in new[] { "cpu", "memory" })
                        Assert.False(string.IsNullOrEmpty(At(container, "resources", bound, resource)), $"{Name(workload)} {bound}.{resource}");
                Assert.Equal("true", At(container, "securityContext", "readOnlyRootFilesystem"));
                Assert.Equal("false", At(container, "securityContext", "allowPrivilegeEscalation"));
            });
        }
        var hpa = Single(objects, "HorizontalPodAutoscaler");
        Assert.Equal(["cpu", "memory"], List(Map(hpa, "spec"), "metrics").Select(m => At(Map(m), "resource", "name")).Order());
    }

    [Theory]
    [MemberData(nameof(OverlayNames))]
    public void Selectors_and_references_match_what_the_overlay_renders(string overlay)
    {
        var objects = RenderOverlay(overlay);
        var deployment = Single(objects, "Deployment");
        var podLabels = Labels(Map(Map(Map(deployment, "spec"), "template"), "metadata"));

        AssertSubset(Labels(Map(Map(deployment, "spec"), "selector"), "matchLabels"), podLabels, "Deployment selector");
        AssertSubset(Map(Map(Single(objects, "Service"), "spec"), "selector").ToDictionary(k => (string)k.Key, v => (string)v.Value), podLabels, "Service selector");
        AssertSubset(Labels(Map(Map(Single(objects, "PodDisruptionBudget"), "spec"), "selector"), "matchLabels"), podLabels, "PDB selector");
        AssertSubset(Labels(Map(Map(Single(objects, "NetworkPolicy"), "spec"), "podSelector"), "matchLabels"), podLabels, "NetworkPolicy");
        Assert.Equal(Name(deployment), At(Single(objects, "HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"));

        var service = Single(objects, "Service");
        var ingress = Single(objects, "Ingress");
        var rule = Map(List(Map(ingress, "spec"), "rules").Single());
        var backend = Map(Map(Map(List(Map(rule, "http"), "paths").Single()), "backend"), "service");
        Assert.Equal(Name(service), backend["name"]);
        Assert.Contains(At(backend, "port", "name"), List(Map(service, "spec"), "ports").Select(p => (string)Map(p)["name"]));
        var annotations = Map(Map(ingress, "metadata"), "annotations");
        Assert.Equal("cookie", annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.True(int.Parse((string)annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600, "WebSocket read timeout");

        var claimName = Name(Single(objects, "PersistentVolumeClaim"));
        var volumes = List(Map(Map(Map(deployment, "spec"), "template"), "spec"), "volumes").Select(Map).ToList();
        Assert.Contains(volumes, v => v.TryGetValue("persistentVolumeClaim", out var c) && (string)Map(c)["claimName"] == claimName);

        var job = Single(objects, "Job");
        Assert.Equal(["migrate"], Strings(Containers(job).Single()["args"]));
    }

    [Theory]
    [MemberData(nameof(OverlayNames))]
    public void The_silo_finds_every_setting_it_reads_and_writes_only_to_mounted_volumes(string overlay)
    {
        var objects = RenderOverlay(overlay);
        var deployment = Single(objects, "Deployment");
        var container = Containers(deployment).Single();

        var fieldRefs = List(container, "env").Select(Map).ToDictionary(e => (string)e["name"], e => At(e, "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.name", fieldRefs["POD_NAME"]);
        Assert.Equal("status.podIP", fieldRefs["POD_IP"]);
        Assert.Equal("metadata.namespace", fieldRefs["POD_NAMESPACE"]);

        var configMapName = List(container, "envFrom").Select(e => Map(e)).Single(e => e.ContainsKey("configMapRef"));
        var secretName = List(container, "envFrom").Select(e => Map(e)).Single(e => e.ContainsKey("secretRef"));
        var configMap = objects.Single(o => Kind(o) == "ConfigMap" && Name(o) == At(configMapName, "configMapRef", "name"));
        var secret = SecretTemplate();
        Assert.Equal(Name(secret), At(secretName, "secretRef", "name"));

        var settings = Map(configMap, "data").ToDictionary(k => (string)k.Key, v => (string?)v.Value.ToString());
        foreach (var (key, value) in Map(secret, "stringData"))
            settings[(string)key] = value?.ToString();
        settings["POD_NAME"] = "contextkit-7d9f-abcde";
        settings["POD_IP"] = "10.1.2.3";

        // The silo binds these exactly as it does at start-up: an unknown mode would throw here.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), s.Value))).Build();
        var options = configuration.GetSection(DeploymentOptions.Section).Get<DeploymentOptions>()!;
        var node = NodeIdentity.From(options, configuration);
        Assert.Equal(ClusteringMode.AdoNet, options.Clustering);
        Assert.Equal("contextkit-7d9f-abcde", node.SiloName);
        Assert.True(node.ListenOnAnyAddress);
        Assert.False(string.IsNullOrEmpty(configuration.GetConnectionString(DeploymentOptions.PostgresConnection)));
        if (options.GrainState is GrainStateMode.AzureBlob or GrainStateMode.AzureTable || options.Streams == StreamsMode.AzureQueue)
            Assert.True(settings.ContainsKey("ConnectionStrings__AzureStorage"));
        Assert.Equal([$"{options.SiloPort}", $"{options.GatewayPort}"],
            List(container, "ports").Skip(1).Select(p => Map(p)["containerPort"].ToString()));

        // With a read-only root, every folder the silo writes is a mounted volume; the shared ones on the claim.
        var mounts = List(container, "volumeMounts").Select(Map).ToDictionary(m => (string)m["mountPath"], m => (string)m["name"]);
        string MountOf(string path) => mounts.Keys.Where(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length).First();
        var claimVolume = List(Map(Map(Map(deployment, "spec"), "template"), "spec"), "volumes").Select(Map).Single(v => v.ContainsKey("persistentVolumeClaim"));
        Assert.Equal((string)claimVolume["name"], mounts[MountOf(settings["ContextKit__RepositoriesPath"]!)]);
        Assert.Equal((string)claimVolume["name"], mounts[MountOf(settings["ContextKit__KeysPath"]!)]);
        Assert.Contains(MountOf(settings["CONTEXTKIT_DATA"]!), mounts.Keys);
        Assert.Contains("/tmp", mounts.Keys);
    }

    [Fact]
    public void The_cluster_script_the_compose_file_and_the_manifests_set_the_same_keys()
    {
        var script = File.ReadAllText(System.IO.Path.Combine(Repo.Root, "deploy", "local", "cluster.sh"));
        var scriptKeys = SettingKey().Matches(script).Select(m => m.Value).ToHashSet();
        scriptKeys.Remove("ContextKit__Orleans__SiloName"); // a pod is named by POD_NAME
        Assert.Contains("ContextKit__Orleans__Clustering", scriptKeys);

        var configMap = Render(System.IO.Path.Combine(K8s, "base")).Single(o => Kind(o) == "ConfigMap");
        var k8sKeys = Map(configMap, "data").Keys.Cast<string>().Concat(Map(SecretTemplate(), "stringData").Keys.Cast<string>()).ToHashSet();
        var missingInK8s = scriptKeys.Except(k8sKeys).ToList();
        Assert.True(missingInK8s.Count == 0, "Not in the ConfigMap or Secret: " + string.Join(", ", missingInK8s));

        var compose = Load(System.IO.Path.Combine(Repo.Root, "deploy", "docker-compose.yml")).Single();
        var silos = Map(compose, "services").Where(s => ((string)s.Key).StartsWith("silo", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, silos.Count);
        foreach (var (name, service) in silos)
        {
            var environment = Map(Map(service), "environment").Keys.Cast<string>().ToHashSet();
            var missing = scriptKeys.Except(environment).ToList();
            Assert.True(missing.Count == 0, $"{name} lacks " + string.Join(", ", missing));
            Assert.Contains("POD_NAME", environment);
        }
    }

    [GeneratedRegex(@"\b(ContextKit|ConnectionStrings)__[A-Za-z_]+\b")]
    private static partial Regex SettingKey();

    static Dictionary<object, object> SecretTemplate() => Load(System.IO.Path.Combine(K8s, "base", "secret.template.yaml")).Single();

    static Dictionary<object, object> Single(List<Dictionary<object, object>> objects, string kind) => objects.Single(o => Kind(o) == kind);

    static Dictionary<object, object> Map(object value) => (Dictionary<object, object>)value;

    static Dictionary<object, object> Map(Dictionary<object, object> map, string key) => (Dictionary<object, object>)map[key];

    static List<object> List(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var v) && v is List<object> l ? l : [];

    static List<string> Strings(object value) => ((List<object>)value).Select(v => v.ToString()!).ToList();

    static string? At(Dictionary<object, object> map, params string[] keys)
    {
        object current = map;
        foreach (var key in keys)
        {
            if (current is not Dictionary<object, object> m || !m.TryGetValue(key, out var next))
                return null;
            current = next;
        }
        return current?.ToString();
    }

    static Dictionary<string, string> Labels(Dictionary<object, object> map, string key = "labels") =>
        Map(map, key).ToDictionary(k => (string)k.Key, v => (string)v.Value);

    static void AssertSubset(Dictionary<string, string> selector, Dictionary<string, string> labels, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
            Assert.True(labels.TryGetValue(key, out var actual) && actual == value, $"{what}: {key}={value} is not a label of the pods.");
    }
}
