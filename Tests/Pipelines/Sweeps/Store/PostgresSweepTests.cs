using System.Diagnostics;
using System.Text.Json;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Store;

/// <summary>
/// Workers sharing a sweep through a real PostgreSQL server (started from the machine's binaries on 127.0.0.1), as users run
/// them: <c>mlnetcnn sweep --storage URL --workers 0</c> registers the sweep, <c>mlnetcnn sweep-worker</c> processes train it,
/// <c>mlnetcnn sweep-report --storage</c> writes the leaderboard. Inconclusive without PostgreSQL.
/// </summary>
[TestClass]
[TestCategory("PostgreSql")]
public sealed class PostgresSweepTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);

    [TestMethod]
    public void TwoWorkers_OneKilledMidTrial_TrialTakenOverFromItsCheckpoint_LeaderboardEqualsOneWorkers()
    {
        using var server = PostgresServer.StartOrSkip();
        string root = NewFolder();
        try
        {
            // One worker trains the whole sweep.
            string single = Path.Combine(root, "single");
            Register(server, single);
            using var alone = WorkerProcess.OnStore(server.Url, "single");
            Assert.AreEqual(0, alone.WaitForExit(Within), alone.Log);
            Report(server, "single");

            // Two workers share the same sweep; the first is killed while it holds a trial that has a checkpoint.
            string pair = Path.Combine(root, "pair");
            Register(server, pair);
            using var store = new PostgresSweepStore(server.Url, "pair");
            using var killed = WorkerProcess.OnStore(server.Url, "pair");
            using var survivor = WorkerProcess.OnStore(server.Url, "pair");
            string killedName = $"{Environment.MachineName}:{killed.Process.Id}";
            int? victim = null;
            var clock = Stopwatch.StartNew();
            while (victim is null && clock.Elapsed < Within && !killed.Process.HasExited)
            {
                victim = store.ReadWork().FirstOrDefault(w => w.Worker == killedName && File.Exists(Path.Combine(pair, "trials", w.TrialId.ToString(), TrialFiles.Checkpoint)))?.TrialId;
                if (victim is null) Thread.Sleep(20);
            }
            Assert.IsNotNull(victim, "the first worker was seen holding a trial with a checkpoint");
            killed.Process.Kill();
            killed.Process.WaitForExit();

            Assert.AreEqual(0, survivor.WaitForExit(Within), survivor.Log);
            string log = survivor.Log;
            StringAssert.Contains(log, $"trial {victim} (", "the survivor ran the killed worker's trial");
            StringAssert.Contains(log, "taken over from a worker whose lease expired: resuming from its checkpoint");
            Report(server, "pair");

            CollectionAssert.AreEqual(Rows(single), Rows(pair), "the same trials with the same figures, bit for bit");
            Assert.AreEqual(0, store.ReadWork().Count, "no work item is left");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Registers a small grid sweep (4 trials, halving at epoch 2 of 4) without starting workers.</summary>
    private static void Register(PostgresServer server, string folder) => ToolProcess.Run(Within,
        "sweep", "--data", "folder", "--data-dir", Path.Combine(ShippedImages.Folder, "train"), "--limit", "400", "--image-size", "32",
        "--arch", "cifarnet,lenet5_relu", "--lr", "0.01,0.05", "--tuner", "grid", "--trials", "4", "--min-epochs", "2", "--epochs", "4", "--eta", "2",
        "--out", folder, "--storage", server.Url, "--workers", "0");

    private static void Report(PostgresServer server, string sweep) => ToolProcess.Run(Within, "sweep-report", "--storage", server.Url, "--sweep", sweep);

    /// <summary>Each trial's id, configuration, state, epochs and figures, from leaderboard.json.</summary>
    private static List<string> Rows(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "leaderboard.json")));
        return json.RootElement.EnumerateArray()
            .Select(row => string.Join(" | ", new[] { "trial", "state", "architecture", "options", "epochs", "accuracy", "macro_accuracy", "log_loss" }
                .Select(name => row.GetProperty(name).GetRawText())))
            .OrderBy(text => text, StringComparer.Ordinal)
            .ToList();
    }

    private static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-pgsweep-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
