using k8s;
using k8s.Models;
using MlNetCnn.Tests.Pipelines.Cli;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli.ScaleOut;

/// <summary>
/// <c>mlnetcnn sweep ... --k8s-manifest</c> and <c>--slurm --slurm-script-only</c> as a user runs them: the sweep is
/// registered in its folder's store and the cluster's own files are written; bad scale-out flags exit 2 naming the flag.
/// </summary>
[TestClass]
public sealed class SweepScaleOutCommandTests
{
    private static string[] Sweep(string folder, params string[] more) =>
    [
        "sweep", "--data", "folder", "--data-dir", Path.Combine(ShippedImages.Folder, "train"), "--limit", "40", "--image-size", "32",
        "--arch", "cifarnet", "--lr", "0.01,0.05", "--tuner", "grid", "--trials", "2", "--epochs", "2", "--out", folder, .. more,
    ];

    [TestMethod]
    public void K8sManifest_RegistersTheSweepAndWritesAnIndexedJobOfItsWorkers()
    {
        string folder = NewFolder();
        string manifest = Path.Combine(folder, "..", Path.GetFileName(folder) + "-job.yaml");
        try
        {
            var (code, output, error) = CliRun.Run(Sweep(folder, "--workers", "3", "--k8s-gpu", "--k8s-manifest", manifest,
                "--k8s-image", "registry.example/mlnetcnn:0.1.0", "--k8s-volume-claim", "sweeps", "--k8s-folder", "/sweeps/flowers"));

            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "kubectl apply -f");
            Assert.IsTrue(File.Exists(Path.Combine(folder, "plan.json")), "the sweep is registered in its folder's store");
            var job = KubernetesYaml.Deserialize<V1Job>(File.ReadAllText(manifest));
            Assert.AreEqual(("Indexed", 3, 3), (job.Spec.CompletionMode, job.Spec.Completions, job.Spec.Parallelism));
            var container = job.Spec.Template.Spec.Containers.Single();
            Assert.AreEqual("registry.example/mlnetcnn:0.1.0", container.Image);
            var command = container.Command.Concat(container.Args ?? []).ToList();
            CollectionAssert.IsSubsetOf(new[] { "sweep-worker", "--sweep", Path.GetFileName(folder), "--gpu", "0", "--folder", "/sweeps/flowers" }, command);
            Assert.AreEqual("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            File.Delete(manifest);
        }
    }

    [TestMethod]
    public void SlurmScriptOnly_WritesTheArrayScriptOfTheWorkers()
    {
        string folder = NewFolder();
        try
        {
            var (code, output, error) = CliRun.Run(Sweep(folder, "--slurm", "--slurm-script-only", "--workers", "2", "--slurm-time", "1h30m", "--slurm-cpus", "2"));

            Assert.AreEqual(0, code, error);
            string script = File.ReadAllText(Path.Combine(folder, "slurm", "workers.sbatch"));
            StringAssert.Contains(output, "workers.sbatch");
            StringAssert.Contains(script, "#SBATCH --array=0-1");
            StringAssert.Contains(script, "#SBATCH --time=0-01:30:00");
            StringAssert.Contains(script, "#SBATCH --cpus-per-task=2");
            StringAssert.Contains(script, "#SBATCH --requeue");
            StringAssert.Contains(script, "sweep-worker --sweep " + Path.GetFileName(folder) + " --threads 2");
            Assert.IsFalse(script.Contains("MLNETCNN_STORAGE=", StringComparison.Ordinal), "the store's location never goes into the script");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("--k8s-image", "--k8s-manifest", "job.yaml", "--k8s-volume-claim", "sweeps")]
    [DataRow("--k8s-volume-claim", "--k8s-manifest", "job.yaml", "--k8s-image", "img")]
    [DataRow("--k8s-memory", "--k8s-manifest", "job.yaml", "--k8s-image", "img", "--k8s-volume-claim", "sweeps", "--k8s-memory", "lots")]
    [DataRow("--slurm-mem", "--slurm", "--slurm-script-only", "--slurm-mem", "lots")]
    [DataRow("--slurm and --k8s-manifest", "--slurm", "--k8s-manifest", "job.yaml")]
    public void BadScaleOutFlag_ExitsTwoNamingIt(string named, params string[] flags)
    {
        string folder = NewFolder();
        try
        {
            var (code, _, error) = CliRun.Run(Sweep(folder, flags));

            Assert.AreEqual(2, code, error);
            StringAssert.StartsWith(error.Trim().Split('\n')[^1], named, "the last line names the flag");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-scaleout-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
