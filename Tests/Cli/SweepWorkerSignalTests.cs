using System.Diagnostics;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli;

/// <summary>
/// <c>mlnetcnn sweep-worker --storage DIR</c> on the default store, the sweep's own folder: SIGUSR1 (Slurm's warning before
/// the time limit) makes the worker checkpoint, give its trial back and exit 3; the next worker takes the trial and finishes the sweep.
/// </summary>
[TestClass]
public sealed class SweepWorkerSignalTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    [TestMethod]
    public void Usr1_WorkerGivesItsTrialBackAndExits3_NextWorkerFinishesTheSweep()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("POSIX signals only.");
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-signal-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            ToolProcess.Run(Within,
                "sweep", "--data", "folder", "--data-dir", Path.Combine(ShippedImages.Folder, "train"), "--limit", "400", "--image-size", "32",
                "--arch", "cifarnet", "--lr", "0.01,0.05", "--tuner", "grid", "--trials", "2", "--scheduler", "none", "--epochs", "6",
                "--out", folder, "--storage", folder, "--workers", "0");
            var store = new FolderSweepStore(folder);

            using var first = WorkerProcess.OnFolder(folder);
            var clock = Stopwatch.StartNew();
            WorkItem? held = null;
            while (held is null && clock.Elapsed < Within && !first.Process.HasExited)
            {
                held = store.ReadWork().FirstOrDefault(w => w.Worker is not null && File.Exists(Path.Combine(folder, "trials", w.TrialId.ToString(), TrialFiles.Checkpoint)));
                if (held is null) Thread.Sleep(20);
            }
            Assert.IsNotNull(held, "the worker was seen training a trial past its first epoch");
            using (var signal = Process.Start("kill", ["-USR1", first.Process.Id.ToString()])) signal.WaitForExit();
            int firstCode = first.WaitForExit(Within);
            string firstLog = first.Log;
            Assert.AreEqual(3, firstCode, firstLog);
            StringAssert.Contains(firstLog, "SIGUSR1");
            StringAssert.Contains(firstLog, $"trial {held.TrialId}: stopped; its checkpoint is kept and the trial is given back");
            Assert.IsTrue(store.ReadWork().Any(w => w.TrialId == held.TrialId && w.Worker is null), "the trial's work item is free");

            using var second = WorkerProcess.OnFolder(folder);
            int secondCode = second.WaitForExit(Within);
            string secondLog = second.Log;
            Assert.AreEqual(0, secondCode, secondLog);
            StringAssert.Contains(secondLog, $"trial {held.TrialId}: completed at epoch 6");
            StringAssert.Contains(secondLog, "the sweep is over");
            Assert.AreEqual(0, store.ReadWork().Count);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
