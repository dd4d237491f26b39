using MlNetCnn.Cli.ScaleOut;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Engines;

/// <summary>
/// A real single-node Slurm cluster (Tests/Engines/slurm-cluster.sh) runs a job array to the end, and a sweep's sbatch
/// script (<see cref="SlurmArrayScript"/>) requeues a task whose worker was signalled and exited 3, which then resumes and
/// completes. Skipped, with the reason, where the cluster cannot start (not root, Slurm or MUNGE missing).
/// </summary>
[TestClass]
[TestCategory("Slurm")]
public sealed class SlurmClusterTests
{
    private static SlurmCluster? _cluster;
    private static string _folder = "";

    [ClassInitialize]
    public static void StartCluster(TestContext _)
    {
        if (SlurmCluster.MissingReason() is not null) return;
        _folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-slurm-" + Guid.NewGuid().ToString("N")[..12]);
        _cluster = SlurmCluster.Start(_folder);
    }

    [ClassCleanup]
    public static void StopCluster()
    {
        _cluster?.Dispose();
        if (_folder.Length > 0 && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static SlurmCluster Cluster()
    {
        if (_cluster is null) Assert.Inconclusive(SlurmCluster.MissingReason() ?? "the Slurm cluster did not start");
        return _cluster;
    }

    private static string WorkFolder(string name)
    {
        string folder = Path.Combine(_folder, "work", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void JobArray_TwoTasks_BothComplete()
    {
        var cluster = Cluster();
        string work = WorkFolder("array");
        string job = cluster.Submit("--array=0-1", "--cpus-per-task=1", "--mem=100M", $"--chdir={work}", "--output=task_%a.log",
            "--wrap", "echo \"task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID\"");

        var tasks = cluster.WaitForJob(job, TimeSpan.FromSeconds(40));

        CollectionAssert.AreEquivalent(new[] { $"{job}_0", $"{job}_1" }, tasks.Select(task => task.JobId).ToArray());
        foreach (var task in tasks) Assert.AreEqual(("COMPLETED", "0:0"), (task.State, task.ExitCode), $"{task}\n{cluster.Logs()}");
        for (int index = 0; index < 2; index++)
            Assert.AreEqual($"task {index} of {job}", File.ReadAllText(Path.Combine(work, $"task_{index}.log")).Trim());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void SweepScript_WorkerSignalledExitsThree_TaskIsRequeuedAndResumes()
    {
        var cluster = Cluster();
        string work = WorkFolder("requeue");
        string worker = Path.Combine(work, "fake-worker.sh");
        // A stand-in for mlnetcnn sweep-worker: its first run in a task waits for SIGUSR1 or SIGTERM and exits 3 (work
        // remains); the run after the requeue finds its marker on the shared folder and exits 0 (sweep done).
        ShellScripts.WriteExecutable(worker, """
            #!/usr/bin/env bash
            marker="$1/ran_${SLURM_ARRAY_TASK_ID}"
            if [ -e "$marker" ]; then echo "resumed, restart ${SLURM_RESTART_COUNT:-0}"; exit 0; fi
            trap 'echo "got USR1"; exit 3' USR1
            trap 'echo "got TERM"; exit 3' TERM
            touch "$marker"
            while true; do sleep 0.1; done
            """);
        var settings = new SlurmArraySettings
        {
            JobName = "fake-sweep", Workers = 2, WorkerCommand = [worker, work], WorkingFolder = work,
            Memory = "100M", TimeLimit = TimeSpan.FromMinutes(10),
        };
        var submission = new SlurmSubmission(environment: cluster.Environment.ToDictionary(pair => pair.Key, pair => pair.Value ?? ""));
        var jobs = submission.Submit(settings, Path.Combine(work, "workers.sbatch"), ["/bin/echo", "report"]);
        string job = jobs.WorkersJobId;

        WaitUntil(() => File.Exists(Path.Combine(work, "ran_0")) && File.Exists(Path.Combine(work, "ran_1")), cluster, job);
        foreach (var (task, signal) in new[] { ("0", "USR1"), ("1", "TERM") })
        {
            var sent = cluster.Run("scancel", $"--signal={signal}", "--batch", $"{job}_{task}");
            Assert.AreEqual(0, sent.ExitCode, sent.ToString());
        }
        var tasks = cluster.WaitForJob(job, TimeSpan.FromSeconds(45), startRequeuedNow: true);

        foreach (var (task, signal) in new[] { ("0", "USR1"), ("1", "TERM") })
        {
            var ended = tasks.Single(t => t.JobId == $"{job}_{task}");
            string log = File.ReadAllText(Path.Combine(work, "logs", $"fake-sweep_{job}_{task}.log"));
            Assert.AreEqual(("COMPLETED", "0:0", 1), (ended.State, ended.ExitCode, ended.Restarts), $"{ended}\n{log}\n{cluster.Logs()}");
            StringAssert.Contains(log, $"got SIG{signal}; sending it on to the worker");
            StringAssert.Contains(log, $"got {signal}");
            StringAssert.Contains(log, "exited with code 3 (work remains); requeueing it");
            StringAssert.Contains(log, "resumed, restart 1");
        }
        var report = cluster.WaitForJob(jobs.ReportJobId, TimeSpan.FromSeconds(30)).Single();
        Assert.AreEqual(("COMPLETED", "0:0"), (report.State, report.ExitCode), report.ToString());
        Assert.AreEqual("report", File.ReadAllText(Path.Combine(work, "logs", $"fake-sweep-report_{jobs.ReportJobId}.log")).Trim());
    }

    private static void WaitUntil(Func<bool> condition, SlurmCluster cluster, string job)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
                Assert.Fail($"job {job}'s workers did not start within 20 s: {string.Join("; ", cluster.Tasks(job))}\n{cluster.Logs()}");
            Thread.Sleep(100);
        }
    }
}
