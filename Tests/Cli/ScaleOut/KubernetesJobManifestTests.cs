using k8s;
using k8s.Models;
using MlNetCnn.Cli.ScaleOut;

namespace MlNetCnn.Tests.Cli.ScaleOut;

/// <summary>
/// The Kubernetes Indexed Job of a sweep's workers: built from the typed models, serialised to YAML, read back with
/// <see cref="KubernetesYaml.Deserialize{TValue}(string, bool)"/> with every field as built; bad settings named. No cluster is involved.
/// </summary>
[TestClass]
public sealed class KubernetesJobManifestTests
{
    private static KubernetesJobSettings Settings() => new()
    {
        Name = "sweep-cifar", Image = "registry.example/mlnetcnn:1.0", SweepName = "cifar sweep", SweepVolumeClaim = "sweeps",
        Workers = 4, ThreadsPerWorker = 2, Memory = "6Gi", MountPath = "/data/sweeps", StorageSecretName = "sweep-db",
        StorageSecretKey = "url", BackoffLimit = 3, TerminationGracePeriodSeconds = 240, Namespace = "ml",
    };

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ToYaml_ReadBackWithTypedModels_KeepsEveryField(bool gpu)
    {
        string yaml = KubernetesJobManifest.ToYaml(Settings() with { Gpu = gpu });

        var job = KubernetesYaml.Deserialize<V1Job>(yaml);

        Assert.AreEqual(("batch/v1", "Job", "sweep-cifar", "ml"), (job.ApiVersion, job.Kind, job.Metadata.Name, job.Metadata.NamespaceProperty), yaml);
        Assert.AreEqual("sweep-worker", job.Metadata.Labels["app.kubernetes.io/component"]);
        var spec = job.Spec;
        Assert.AreEqual(("Indexed", 4, 4, 3, "Failed"), (spec.CompletionMode, spec.Completions, spec.Parallelism, spec.BackoffLimit, spec.PodReplacementPolicy));
        var rules = spec.PodFailurePolicy.Rules;
        Assert.HasCount(3, rules);
        Assert.AreEqual(("FailJob", "worker", "In", 2), (rules[0].Action, rules[0].OnExitCodes.ContainerName, rules[0].OnExitCodes.OperatorProperty, rules[0].OnExitCodes.Values.Single()));
        Assert.AreEqual(("Ignore", "worker", "In", 3), (rules[1].Action, rules[1].OnExitCodes.ContainerName, rules[1].OnExitCodes.OperatorProperty, rules[1].OnExitCodes.Values.Single()));
        Assert.AreEqual(("Ignore", "DisruptionTarget", "True"), (rules[2].Action, rules[2].OnPodConditions.Single().Type, rules[2].OnPodConditions.Single().Status));

        var pod = spec.Template.Spec;
        Assert.AreEqual("sweep-cifar", spec.Template.Metadata.Labels["app.kubernetes.io/instance"]);
        Assert.AreEqual(("Never", 240L), (pod.RestartPolicy, pod.TerminationGracePeriodSeconds));
        var volume = pod.Volumes.Single();
        Assert.AreEqual(("sweep", "sweeps"), (volume.Name, volume.PersistentVolumeClaim.ClaimName));

        var container = pod.Containers.Single();
        Assert.AreEqual(("worker", "registry.example/mlnetcnn:1.0", "/data/sweeps"), (container.Name, container.Image, container.WorkingDir));
        CollectionAssert.AreEqual(new[] { "mlnetcnn" }, container.Command.ToArray());
        string[] args = ["sweep-worker", "--sweep", "cifar sweep", "--threads", "2", .. gpu ? new[] { "--gpu", "0" } : []];
        CollectionAssert.AreEqual(args, container.Args.ToArray());
        var storage = container.Env.Single(e => e.Name == "MLNETCNN_STORAGE");
        Assert.AreEqual(("sweep-db", "url", null), (storage.ValueFrom.SecretKeyRef.Name, storage.ValueFrom.SecretKeyRef.Key, storage.Value));
        var index = container.Env.Single(e => e.Name == "MLNETCNN_WORKER_INDEX");
        Assert.AreEqual("metadata.annotations['batch.kubernetes.io/job-completion-index']", index.ValueFrom.FieldRef.FieldPath);
        var mount = container.VolumeMounts.Single();
        Assert.AreEqual(("sweep", "/data/sweeps"), (mount.Name, mount.MountPath));

        var requests = container.Resources.Requests;
        var limits = container.Resources.Limits;
        Assert.AreEqual(("2", "6Gi"), (requests["cpu"].ToString(), requests["memory"].ToString()));
        Assert.AreEqual(("2", "6Gi"), (limits["cpu"].ToString(), limits["memory"].ToString()));
        Assert.AreEqual(gpu ? "1" : null, limits.TryGetValue("nvidia.com/gpu", out var gpus) ? gpus.ToString() : null);
        Assert.IsFalse(requests.ContainsKey("nvidia.com/gpu"), "GPUs are set as limits only (requests follow them)");

        Assert.AreEqual(yaml, KubernetesYaml.Serialize(job), "serialised again, the manifest is the same text");
    }

    [TestMethod]
    public void ToYaml_Text_ReadsAsKubectlExpects()
    {
        string yaml = KubernetesJobManifest.ToYaml(Settings());
        foreach (string line in new[] { "apiVersion: batch/v1", "kind: Job", "  completionMode: Indexed", "secretKeyRef:", "claimName: sweeps", "restartPolicy: Never" })
            StringAssert.Contains(yaml, line);
    }

    [TestMethod]
    public void Write_Manifest_WritesTheYamlAndNoTemporaryFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-k8s-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "workers.yaml");
            KubernetesJobManifest.Write(Settings(), path);
            Assert.AreEqual(KubernetesJobManifest.ToYaml(Settings()), File.ReadAllText(path));
            Assert.AreEqual(1, Directory.GetFiles(folder).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("Name", "expected a DNS name (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), found 'Sweep_1'")]
    [DataRow("Image", "expected an image reference without white space, found ''")]
    [DataRow("Workers", "expected a whole number from 1 to 100000, found 0")]
    [DataRow("ThreadsPerWorker", "expected at least 1, found -1")]
    [DataRow("Memory", "expected a Kubernetes quantity such as 4Gi or 1500Mi, found '4 GB'")]
    [DataRow("MountPath", "expected an absolute path in the container, without ':', found 'sweeps'")]
    [DataRow("StorageSecretKey", "expected letters, digits, '-', '_' or '.', found 'my key'")]
    [DataRow("TerminationGracePeriodSeconds", "expected at least 1 second, found 0")]
    public void Build_BadSetting_NamesSettingExpectedAndFound(string setting, string message)
    {
        var settings = setting switch
        {
            "Name" => Settings() with { Name = "Sweep_1" },
            "Image" => Settings() with { Image = "" },
            "Workers" => Settings() with { Workers = 0 },
            "ThreadsPerWorker" => Settings() with { ThreadsPerWorker = -1 },
            "Memory" => Settings() with { Memory = "4 GB" },
            "MountPath" => Settings() with { MountPath = "sweeps" },
            "StorageSecretKey" => Settings() with { StorageSecretKey = "my key" },
            "TerminationGracePeriodSeconds" => Settings() with { TerminationGracePeriodSeconds = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "no such case"),
        };
        var error = Assert.ThrowsExactly<ArgumentException>(() => KubernetesJobManifest.Build(settings));
        Assert.AreEqual(setting, error.ParamName);
        StringAssert.StartsWith(error.Message, $"Kubernetes setting {setting}: {message}.");
    }
}
