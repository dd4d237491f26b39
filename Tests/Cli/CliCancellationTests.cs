using System.Diagnostics;
using System.Text.RegularExpressions;
using MlNetCnn.Cli;
using MlNetCnn.Cli.Training;
using MlNetCnn.Tests.Pipelines.Cli;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Cli;

/// <summary>
/// Ctrl+C stops <c>train</c> at the next step with exit code 130 and one line saying how far it got, and <c>evaluate</c>
/// once its images are loaded.
/// </summary>
[TestClass]
public sealed class CliCancellationTests
{
    [TestMethod]
    public void Message_AfterAnEpochWithACheckpoint_SaysHowToResume()
    {
        using var files = new DataSetTestFiles();
        string checkpoint = files.Write("run.mlnc", [1]);

        Assert.AreEqual($"cancelled after epoch 3; checkpoint {checkpoint} is intact — resume with --resume {checkpoint}",
            TrainingCancellation.Message(3, 4, checkpoint, resumedFrom: null));
    }

    [TestMethod]
    public void Message_CheckpointNotWrittenYet_SaysSoOrPointsToTheResumedOne()
    {
        using var files = new DataSetTestFiles();
        string resumed = files.Write("old.mlnc", [1]), checkpoint = Path.Combine(files.Root, "new.mlnc");

        Assert.AreEqual($"cancelled during epoch 1; no checkpoint written yet to {checkpoint}", TrainingCancellation.Message(null, 1, checkpoint, null));
        Assert.AreEqual($"cancelled during epoch 5; checkpoint {resumed} is intact — resume with --resume {resumed}",
            TrainingCancellation.Message(null, 5, checkpoint, resumed));
    }

    [TestMethod]
    public void Message_WithoutCheckpoint_SaysOnlyHowFar()
    {
        Assert.AreEqual("cancelled after epoch 2", TrainingCancellation.Message(2, 3, null, null));
        Assert.AreEqual("cancelled before training", TrainingCancellation.Message(null, null, null, null));
    }

    [TestMethod]
    public void Run_TokenCancelledAfterEpoch1_Exits130WithOneLineAfterThePlainEpochLine()
    {
        using var files = new DataSetTestFiles();
        using var cancel = new CancellationTokenSource();
        var error = new CancellingWriter("epoch 1/3  train", cancel);

        int code = CliApp.Run([.. TinyRun(files), "--epochs", "3"], TextWriter.Null, error, cancel.Token);

        string[] lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(CliApp.Cancelled, code, error.ToString());
        StringAssert.Matches(lines[^2], new Regex(@"^epoch 1/3  train loss \d+\.\d{4} accuracy \d+\.\d%  lr \S+  [\d,]+ images/s  ETA \d+:\d\d:\d\d  \[cpu\]$"));
        Assert.AreEqual("cancelled after epoch 1", lines[^1]);
        Assert.IsFalse(File.Exists(Path.Combine(files.Root, "model.zip")));
    }

    [TestMethod]
    public void Run_TokenCancelledBeforeTraining_Exits130()
    {
        using var files = new DataSetTestFiles();

        var (code, error) = RunCancelled(TinyRun(files));

        Assert.AreEqual(CliApp.Cancelled, code, error);
        StringAssert.EndsWith(error.TrimEnd(), "cancelled before training");
    }

    [TestMethod]
    public void Run_EvaluateWithCancelledToken_Exits130BeforeReadingTheModel()
    {
        using var files = new DataSetTestFiles();
        string notAModel = files.Write("model.zip", [0]);

        var (code, error) = RunCancelled(["evaluate", "--model", notAModel, "--data", "folder",
            "--data-dir", Path.Combine(DataSetTestFiles.ShippedSubset, "test"), "--limit", "10", "--out", files.Root]);

        Assert.AreEqual(CliApp.Cancelled, code, error);
        StringAssert.EndsWith(error.TrimEnd(), "cancelled");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void Train_SigintInAnotherProcess_Exits130SayingHowFarItGot()
    {
        using var files = new DataSetTestFiles();
        string checkpoint = Path.Combine(files.Root, "run.mlnc");
        // Through env, which gives the child SIGINT's default handling even when this process was started with it ignored
        // (as a background job of a non-interactive shell is): the tool must see the signal to be tested.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll"), .. TinyRun(files),
            "--epochs", "1000", "--checkpoint", checkpoint];
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        using var firstEpoch = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.StartsWith("epoch 1/1000  train", StringComparison.Ordinal)) firstEpoch.Set();
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.IsTrue(firstEpoch.Wait(TimeSpan.FromSeconds(60)), "no epoch line within 60 s: " + string.Join(" | ", lines));
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
                kill.WaitForExit();
            Assert.IsTrue(process.WaitForExit(TimeSpan.FromSeconds(30)), "the run did not stop within 30 s of SIGINT");
            process.WaitForExit(); // flushes the redirected stderr
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }

        string last = lines.Last(l => l.Length > 0);
        Assert.AreEqual(CliApp.Cancelled, process.ExitCode, string.Join(Environment.NewLine, lines));
        StringAssert.Matches(last, new Regex(@"^cancelled after epoch \d+; "));
        StringAssert.Contains(last, File.Exists(checkpoint) ? $"resume with --resume {checkpoint}" : $"no checkpoint written yet to {checkpoint}");
    }

    /// <summary>Runs the tool in-process with a token cancelled before it starts.</summary>
    private static (int Code, string Error) RunCancelled(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var error = new StringWriter();
        int code = CliApp.Run(args, TextWriter.Null, error, cancel.Token);
        return (code, error.ToString());
    }

    /// <summary>A cifarnet run on 40 shipped images in 4 steps per epoch: about a tenth of a second per epoch on the CPU.</summary>
    private static string[] TinyRun(DataSetTestFiles files) =>
    [
        "train", "--arch", "cifarnet", "--data", "folder", "--data-dir", Path.Combine(DataSetTestFiles.ShippedSubset, "train"),
        "--limit", "40", "--batch-size", "10", "--device", "cpu", "--out", Path.Combine(files.Root, "out"),
    ];

    /// <summary>Captures stderr and cancels the run once a line starts with the given text.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(trigger, StringComparison.Ordinal) == true)
                cancel.Cancel();
        }
    }
}
