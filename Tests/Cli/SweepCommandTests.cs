using System.Text.Json;
using MlNetCnn.Cli;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli;

/// <summary>
/// <c>mlnetcnn sweep</c> and <c>sweep-report</c> as a user runs them: bad flags named with exit code 2, Ctrl+C with the line
/// that says how to resume, worker processes, and a report rebuilt from the journal.
/// </summary>
[TestClass]
public sealed class SweepCommandTests
{
    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "mlnetcnn-sweepcli-" + Guid.NewGuid().ToString("N"));

    /// <summary>Four configurations on 120 shipped images (12 per class), two rungs of one and two epochs.</summary>
    private static string[] SmallSweep(string outDir, params string[] more) =>
    [
        "sweep", "--data", "folder", "--data-dir", Path.Combine(ShippedImages.Folder, "train"), "--limit", "120", "--image-size", "32",
        "--arch", "cifarnet,lenet5_relu", "--lr", "0.01,0.05", "--tuner", "grid", "--trials", "4", "--epochs", "2", "--eta", "2",
        "--out", outDir, .. more,
    ];

    private static (int Code, string Output, string Error) Run(string[] args, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error, cancellation);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    [DataRow("--lr", "0.1..oops", "--lr '0.1..oops'")]
    [DataRow("--arch", "cifarnet,nosuchnet", "--arch 'cifarnet,nosuchnet'")]
    [DataRow("--time", "soon", "--time: expected")]
    [DataRow("--search", "Nope=1,2", "--search Nope '1,2'")]
    public void Sweep_BadFlag_ExitsTwoNamingTheFlag(string flag, string value, string expected)
    {
        var args = SmallSweep(NewFolder()).ToList();
        int at = args.IndexOf(flag);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([flag, value]);

        var (code, _, error) = Run(args.ToArray());

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void Sweep_CancelledBeforeItStarts_ExitsWith130AndSaysHowToResume()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var (code, _, error) = Run(SmallSweep(NewFolder()), cancel.Token);

        Assert.AreEqual(CliApp.Cancelled, code, error);
        StringAssert.Contains(error, "Run the same command again to resume: mlnetcnn sweep --data folder");
    }

    [TestMethod]
    public void Sweep_ThenSweepReport_RebuildsTheLeaderboardFromTheJournal()
    {
        string outDir = NewFolder();
        var (code, output, error) = Run(SmallSweep(outDir));
        Assert.AreEqual(CliApp.Success, code, error);
        StringAssert.Contains(output, "best: trial");
        string csv = File.ReadAllText(Path.Combine(outDir, "leaderboard.csv"));
        File.Delete(Path.Combine(outDir, "leaderboard.csv"));
        File.Delete(Path.Combine(outDir, "pareto.png"));

        var (reportCode, reportOutput, reportError) = Run(["sweep-report", outDir]);

        Assert.AreEqual(CliApp.Success, reportCode, reportError);
        Assert.AreEqual(csv, File.ReadAllText(Path.Combine(outDir, "leaderboard.csv")));
        Assert.IsTrue(File.Exists(Path.Combine(outDir, "pareto.png")));
        StringAssert.Contains(reportOutput, "cifarnet");
    }

    [TestMethod]
    public void SweepReport_FolderWithoutASweep_FailsNamingTheSpec()
    {
        string empty = NewFolder();
        Directory.CreateDirectory(empty);

        var (code, _, error) = Run(["sweep-report", empty]);

        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, "spec.json");
    }

    [TestMethod]
    public void Sweep_TwoWorkerProcesses_TrainTheSameTrialsAsOneWorker()
    {
        // The grid and synchronous halving decide from the rung figures only, so both runs train the same configurations.
        string sequential = NewFolder(), parallel = NewFolder();
        RunTool(SmallSweep(sequential));
        string log = RunTool(SmallSweep(parallel, "--workers", "2"));

        var one = Leaderboard(sequential);
        var two = Leaderboard(parallel);
        CollectionAssert.AreEquivalent(one.Select(r => (r.Trial, r.Config, r.State)).ToList(), two.Select(r => (r.Trial, r.Config, r.State)).ToList());
        StringAssert.Contains(log, "2 worker(s)");
        Assert.IsTrue(Directory.GetFiles(Path.Combine(parallel, "trials"), TrialFiles.WorkerLog, SearchOption.AllDirectories).Length >= 4,
            "every session ran in a worker process");
    }

    [TestMethod]
    public void ProcessExecutor_GpuList_GivesEachWorkerItsOwnDeviceAndShareOfThreads()
    {
        var executor = new ProcessExecutor(ProcessExecutor.CurrentExecutable, 2, "data.bin", gpuIds: [3, 5]);
        var request = new TrialRequest(1, new TrialConfig("cifarnet"), 3, 1, "t", 1, SweepMetric.Accuracy, 0, null);

        Assert.AreEqual(3, executor.ForWorker(request, 0).GpuId);
        Assert.AreEqual(5, executor.ForWorker(request, 1).GpuId);
        Assert.AreEqual(Math.Max(1, Environment.ProcessorCount / 2), executor.ForWorker(request, 1).Threads);
    }

    private static List<(int Trial, string Config, string State)> Leaderboard(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "leaderboard.json")));
        return json.RootElement.EnumerateArray()
            .Select(row => (row.GetProperty("trial").GetInt32(), row.GetProperty("architecture").GetString() + " " + row.GetProperty("options").GetRawText(),
                row.GetProperty("state").GetString()!))
            .ToList();
    }

    /// <summary>Runs the tool as a user does, in its own process (so that it can start workers as itself); returns stderr.</summary>
    private static string RunTool(string[] arguments) => ToolProcess.Run(TimeSpan.FromMinutes(3), arguments).Error;
}
