using System.Text.Json;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Execution;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Execution;

/// <summary>Trial sessions in this process, with real (small) training: every way a session can end.</summary>
[TestClass]
public sealed class TrialRunnerTests
{
    private static SweepFixture _fixture = null!;
    private static TorchThreadsScope _threads = null!;

    [ClassInitialize]
    public static void Initialize(TestContext _)
    {
        _threads = new TorchThreadsScope();
        _fixture = new SweepFixture();
    }

    [ClassCleanup]
    public static void Cleanup() => _threads.Dispose();

    private static TrialRunner Runner() => new(TrialData.From(_fixture.Data));

    /// <summary>Metrics as comparable text (the record's list compares by reference).</summary>
    internal static string Figures(TrialMetrics? metrics) => JsonSerializer.Serialize(metrics, TrialFiles.Json);

    [TestMethod]
    public void Run_PausedAtEpoch1ThenResumed_EqualsTheTrialRunStraightToTheEnd()
    {
        var straight = Runner().Run(_fixture.Request(1));
        var paused = Runner().Run(_fixture.Request(2, pauseAfterEpoch: 1));
        Assert.AreEqual(TrialOutcomeKind.Paused, paused.Kind);
        Assert.AreEqual(1, paused.Epoch);
        Assert.IsTrue(File.Exists(_fixture.Request(2).CheckpointPath), "a paused trial keeps its checkpoint");
        Assert.IsNull(paused.Cost);

        var resumed = Runner().Run(_fixture.Request(2));

        Assert.AreEqual(TrialOutcomeKind.Completed, straight.Kind, straight.Error);
        Assert.AreEqual(TrialOutcomeKind.Completed, resumed.Kind, resumed.Error);
        Assert.AreEqual(Figures(straight.Metrics), Figures(resumed.Metrics));
        Assert.AreEqual(3, resumed.Metrics!.Epoch);
        Assert.HasCount(3, resumed.Metrics.ValidationCurve);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(_fixture.Request(1).Folder, TrialFiles.Onnx)),
            File.ReadAllBytes(Path.Combine(_fixture.Request(2).Folder, TrialFiles.Onnx)), "the same weights, bit for bit");
        Assert.IsFalse(File.Exists(_fixture.Request(2).CheckpointPath), "a completed trial's checkpoint is deleted");
        Assert.IsTrue(File.Exists(Path.Combine(_fixture.Request(2).Folder, TrialFiles.Model)));
        Assert.IsTrue(File.Exists(Path.Combine(_fixture.Request(2).Folder, TrialFiles.History)));
        Assert.AreEqual(Figures(resumed.Metrics), Figures(TrialFiles.ReadOutcome(_fixture.Request(2).Folder)!.Metrics), "outcome.json holds the outcome");
    }

    [TestMethod]
    public void Run_Completed_MeasuresMetricsWithIntervalsAndCost()
    {
        var outcome = Runner().Run(_fixture.Request(10));

        var metrics = outcome.Metrics!;
        Assert.AreEqual(36, metrics.ValidationImages);
        Assert.IsTrue(metrics.AccuracyLow <= metrics.Accuracy && metrics.Accuracy <= metrics.AccuracyHigh);
        Assert.IsTrue(metrics.MacroAccuracyLow <= metrics.MacroAccuracy && metrics.MacroAccuracy <= metrics.MacroAccuracyHigh);
        Assert.IsNotNull(metrics.Top5Accuracy, "six classes have a top-5 accuracy");
        Assert.AreEqual(outcome.ValidationAccuracy, metrics.ValidationCurve[^1]);
        var cost = outcome.Cost!;
        Assert.IsGreaterThan(0L, cost.Parameters);
        Assert.IsGreaterThan(0L, cost.MultiplyAdds);
        Assert.AreEqual(new FileInfo(Path.Combine(_fixture.Request(10).Folder, TrialFiles.Onnx)).Length, cost.OnnxBytes);
        Assert.IsGreaterThan(0.0, cost.LatencyMilliseconds);
        Assert.IsGreaterThan(0.0, cost.ImagesPerSecond);
        Assert.IsGreaterThan(0.0, cost.PeakMemoryMegabytes);
        Assert.AreEqual(outcome.TrainSeconds, cost.TrainSeconds, 1.0);
        Assert.AreEqual("cpu", cost.Device);
    }

    [TestMethod]
    public void Run_ConfigThatBreaks_FailsWithTheCauseFirstAndTheFullTextInErrorTxt()
    {
        var config = new TrialConfig("densenet_cifar", new Dictionary<string, string> { ["no_such_setting"] = "1" });
        var request = _fixture.Request(20, config);

        var outcome = Runner().Run(request);

        Assert.AreEqual(TrialOutcomeKind.Failed, outcome.Kind);
        StringAssert.Contains(outcome.Error, "no_such_setting");
        string[] text = File.ReadAllLines(Path.Combine(request.Folder, TrialFiles.Error));
        Assert.AreEqual(outcome.Error, text[0]);
        Assert.IsTrue(text.Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)), "error.txt holds the stack");
        Assert.AreEqual(TrialOutcomeKind.Failed, TrialFiles.ReadOutcome(request.Folder)!.Kind);
    }

    [TestMethod]
    public void Run_HugeLearningRateWithoutClipping_Diverges()
    {
        var request = _fixture.Request(30, SweepFixture.Config(("LearningRate", "1e30"), ("WarmupEpochs", "0")));

        var outcome = Runner().Run(request);

        Assert.AreEqual(TrialOutcomeKind.Diverged, outcome.Kind, outcome.Error);
        StringAssert.Contains(outcome.Error, "Training diverged");
        Assert.IsTrue(File.Exists(Path.Combine(request.Folder, TrialFiles.Error)));
    }

    [TestMethod]
    public void Run_DeadlinePassed_StopsAfterEpoch1KeepingItsCheckpoint()
    {
        var request = _fixture.Request(40, deadlineUtc: DateTime.UtcNow.AddDays(-1));

        var outcome = Runner().Run(request);

        Assert.AreEqual(TrialOutcomeKind.Stopped, outcome.Kind, outcome.Error);
        Assert.AreEqual(1, outcome.Epoch);
        Assert.IsNotNull(outcome.ValidationAccuracy);
        Assert.IsTrue(File.Exists(request.CheckpointPath));
        Assert.AreEqual(TrialOutcomeKind.Stopped, TrialFiles.ReadOutcome(request.Folder)!.Kind);
    }

    [TestMethod]
    public async Task InProcessExecutor_Cancelled_ThrowsAndWritesNoOutcome()
    {
        using var executor = new InProcessExecutor(TrialData.From(_fixture.Data));
        using var cancellation = new CancellationTokenSource();
        var request = _fixture.Request(50);
        var run = executor.RunAsync(request, 0, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => run);
        Assert.IsNull(TrialFiles.ReadOutcome(request.Folder));
    }
}
