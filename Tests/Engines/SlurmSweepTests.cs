using System.Diagnostics;
using System.Text.Json;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Engines;

/// <summary>
/// <c>mlnetcnn sweep ... --slurm</c> on a real single-node Slurm cluster (munge, slurmctld and slurmd on this machine): the
/// array's worker tasks share the sweep's folder store; one task is signalled with <c>scancel --signal=USR1 --batch</c> as
/// Slurm does before a time limit, gives its trial back after the checkpoint and requeues itself; the sweep completes and
/// the report job writes the leaderboard. Inconclusive where no cluster can be started (not root, Slurm not installed).
/// </summary>
[TestClass]
[TestCategory("Slurm")]
public sealed class SlurmSweepTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);

    [TestMethod]
    public void SlurmArraySweep_OneTaskSignalledAndRequeued_SweepCompletesWithReport()
    {
        if (SlurmCluster.MissingReason() is { } reason) Assert.Inconclusive(reason);
        string root = Path.Combine(Path.GetTempPath(), "mlnetcnn-slurmsweep-" + Guid.NewGuid().ToString("N")[..8]);
        using var cluster = SlurmCluster.Start(Path.Combine(root, "cluster"));
        try
        {
            string folder = Path.Combine(root, "sweep");
            var submitted = DotnetCommand.Run(Within,
                [Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll"), "sweep", "--data", "folder", "--data-dir", Path.Combine(ShippedImages.Folder, "train"),
                 "--limit", "400", "--image-size", "32", "--arch", "cifarnet", "--lr", "0.01,0.02,0.05", "--tuner", "grid", "--trials", "3",
                 "--scheduler", "none", "--epochs", "6", "--out", folder, "--slurm", "--workers", "2", "--slurm-cpus", "1"],
                environment: cluster.Environment);
            string job = System.Text.RegularExpressions.Regex.Match(submitted.Output, @"workers job (\d+)").Groups[1].Value;
            string report = System.Text.RegularExpressions.Regex.Match(submitted.Output, @"report job (\d+)").Groups[1].Value;
            Assert.IsTrue(job.Length > 0 && report.Length > 0, submitted.ToString());

            // Find a task training a trial past its first epoch, and warn it as Slurm does before the time limit.
            var store = new FolderSweepStore(folder);
            var clock = Stopwatch.StartNew();
            string? task = null;
            while (task is null && clock.Elapsed < Within)
            {
                if (store.ReadWork().FirstOrDefault(w => w.Worker is not null && File.Exists(Path.Combine(folder, "trials", w.TrialId.ToString(), TrialFiles.Checkpoint))) is { } held)
                    task = TaskOf(folder, held.Worker!);
                if (task is null) Thread.Sleep(50);
            }
            Assert.IsNotNull(task, $"a worker task was seen training a trial with a checkpoint\n{cluster.Logs()}");
            var signal = cluster.Run("scancel", "--signal=USR1", "--batch", task);
            Assert.AreEqual(0, signal.ExitCode, signal.ToString());

            var tasks = cluster.WaitForJob(job, Within, startRequeuedNow: true);
            foreach (var t in tasks) Assert.AreEqual(("COMPLETED", "0:0"), (t.State, t.ExitCode), $"{t}\n{TaskLogs(folder)}");
            Assert.AreEqual(1, tasks.Single(t => t.JobId == task).Restarts, $"the signalled task was requeued once\n{TaskLogs(folder)}");
            string logs = TaskLogs(folder);
            StringAssert.Contains(logs, "SIGUSR1: checkpointing the running trial and giving it back");
            StringAssert.Contains(logs, "stopped; its checkpoint is kept and the trial is given back");
            cluster.WaitForJob(report, Within);

            using var leaderboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "leaderboard.json")));
            var states = leaderboard.RootElement.EnumerateArray().Select(row => row.GetProperty("state").GetString()).ToList();
            CollectionAssert.AreEqual(new[] { "completed", "completed", "completed" }, states, logs);
            Assert.IsTrue(File.Exists(Path.Combine(folder, "best", "model.zip")), "the report job copied the best model");
            Assert.AreEqual(0, store.ReadWork().Count);
        }
        finally
        {
            cluster.Dispose();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The array task (JOB_TASK) whose log names <paramref name="worker"/> (host:pid), from the task logs' names.</summary>
    private static string? TaskOf(string folder, string worker)
    {
        string logs = Path.Combine(folder, "slurm", "logs");
        if (!Directory.Exists(logs)) return null;
        foreach (string file in Directory.GetFiles(logs, "*.log"))
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (IOException) { continue; }
            if (!text.Contains($"worker {worker} on sweep", StringComparison.Ordinal)) continue;
            var match = System.Text.RegularExpressions.Regex.Match(Path.GetFileNameWithoutExtension(file), @"_(\d+)_(\d+)$");
            if (match.Success) return $"{match.Groups[1].Value}_{match.Groups[2].Value}";
        }
        return null;
    }

    private static string TaskLogs(string folder) => string.Join("\n",
        Directory.GetFiles(Path.Combine(folder, "slurm", "logs"), "*.log").Select(file => $"--- {Path.GetFileName(file)}\n{File.ReadAllText(file)}"));
}
