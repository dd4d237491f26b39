using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Pipelines.Sweeps;

/// <summary>
/// Whole sweeps on real CIFAR-10 images (the shipped subset, 20 per class, a quarter held out), with small networks and a few
/// epochs: successive halving, exact promotion, resume after a cancellation, failures, a changed spec and an extension.
/// </summary>
[TestClass]
public sealed class SweepExperimentTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "mlnetcnn-sweep-" + Guid.NewGuid().ToString("N"));

    private static SearchSpace FourConfigs() =>
        new SearchSpace().AddArchitectures("cifarnet", "lenet5_relu").AddChoice("LearningRate", 0.01, 0.05);

    private static SweepExperiment Experiment(MLContext ml, string folder, SearchSpace space, ISweepScheduler? scheduler = null, int trials = 4,
        ISweepMonitor? monitor = null)
    {
        var rows = ml.Data.LoadFromEnumerable(ShippedImages.Train(20));
        var experiment = ml.Sweeps().CreateExperiment(folder)
            .SetDataset(rows, validationFraction: 0.25)
            .SetPipeline(ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.LoadImagesAsTensors("Features", nameof(ImageFile.ImagePath), 32, 32)))
            .SetSearchSpace(space)
            .SetTuner(SweepTuners.Grid())
            .SetScheduler(scheduler ?? SweepSchedulers.SuccessiveHalving(1, 3, 3))
            .SetBudget(new SweepBudget(Trials: trials))
            .SetTestDataset(ml.Data.LoadFromEnumerable(ShippedImages.Test(5)), topK: 1);
        if (monitor is not null) experiment.SetMonitor(monitor);
        return experiment;
    }

    private static object[] Outcome(TrialRecord t) =>
        [t.Id, t.Config.Key, t.State, t.EpochsRun, t.Latest?.Accuracy ?? -1, t.Latest?.LogLoss ?? -1, t.TestAccuracy ?? -1];

    [TestMethod]
    public async Task Sweep_SuccessiveHalving_PromotesTheBestOfTheRungAndWritesEveryFile()
    {
        string folder = NewFolder();
        var ml = new MLContext(1);
        var result = await Experiment(ml, folder, FourConfigs()).RunAsync(TestContext.CancellationToken);

        Assert.HasCount(4, result.Trials);
        Assert.IsTrue(result.Finished);
        // Four trials with η 3: ⌈4/3⌉ = 2 go on from the first rung to the full run.
        var finished = result.Trials.Where(t => t.State == TrialState.Completed).ToList();
        var pruned = result.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.HasCount(2, finished);
        Assert.IsTrue(finished.All(t => t.EpochsRun == 3));
        Assert.HasCount(2, pruned);
        Assert.IsTrue(pruned.All(t => t.EpochsRun == 1));
        Assert.IsTrue(finished.Min(t => t.Rungs[0].Accuracy) >= pruned.Max(t => t.Rungs[0].Accuracy), "the trials promoted are the best at the first rung");
        var completed = result.BestTrial!;
        Assert.AreEqual(finished.Max(t => t.Latest!.Accuracy), completed.Latest!.Accuracy);
        Assert.IsNotNull(completed.TestAccuracy, "the top trial is scored on the test set");
        Assert.IsTrue(result.Trials.Where(t => t.Id != completed.Id).All(t => t.TestAccuracy is null), "only the top trial is");

        foreach (string file in new[] { "spec.json", "journal.jsonl", "leaderboard.csv", "leaderboard.md", "leaderboard.json", "pareto.png", "curves.png",
                     Path.Combine("best", "model.zip"), Path.Combine("best", "model.onnx") })
            Assert.IsTrue(File.Exists(Path.Combine(folder, file)), $"{file} is written");
        string header = File.ReadLines(Path.Combine(folder, "leaderboard.csv")).First();
        foreach (string column in new[] { "rank", "trial", "state", "architecture", "epochs", "accuracy", "macro", "log_loss", "parameters", "latency" })
            StringAssert.Contains(header, column, $"leaderboard.csv has a {column} column");
        Assert.HasCount(0, Directory.GetFiles(Path.Combine(folder, "trials"), "checkpoint*", SearchOption.AllDirectories),
            "no checkpoint is kept once no trial can go on");

        // The best model is the whole chain: it takes an image path.
        var model = ml.Model.Load(Path.Combine(folder, "best", "model.zip"), out _);
        var engine = ml.Model.CreatePredictionEngine<ImageFile, Prediction>(model);
        var prediction = engine.Predict(ShippedImages.Test(1)[0]);
        Assert.AreEqual(10, prediction.Score.Length);
        Assert.AreEqual(1.0, prediction.Score.Sum(), 1e-4);
    }

    [TestMethod]
    public async Task Sweep_PromotedTrial_EqualsTheSameTrialRunWithoutPausing()
    {
        var ml = new MLContext(1);
        var halving = await Experiment(ml, NewFolder(), FourConfigs()).RunAsync(TestContext.CancellationToken);
        var winner = halving.BestTrial!;
        Assert.AreEqual(TrialState.Completed, winner.State);
        var alone = new SearchSpace().AddArchitectures(winner.Config.Architecture)
            .AddChoice("LearningRate", double.Parse(winner.Config.Options["LearningRate"], System.Globalization.CultureInfo.InvariantCulture));

        var full = await Experiment(ml, NewFolder(), alone, SweepSchedulers.FullRuns(3), trials: 1).RunAsync(TestContext.CancellationToken);

        var straight = full.Trials.Single();
        Assert.AreEqual(winner.Config, straight.Config);
        Assert.AreEqual(straight.Latest!.Accuracy, winner.Latest!.Accuracy);
        Assert.AreEqual(straight.Latest.LogLoss, winner.Latest.LogLoss);
        CollectionAssert.AreEqual(straight.Latest.ValidationCurve.ToList(), winner.Latest.ValidationCurve.ToList());
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(full.OutputFolder, "best", "model.onnx")),
            File.ReadAllBytes(Path.Combine(halving.OutputFolder, "best", "model.onnx")), "the same weights, bit for bit");
    }

    [TestMethod]
    public async Task Sweep_CancelledMidTrialThenRunAgain_EndsWithTheLeaderboardOfAnUninterruptedSweep()
    {
        var ml = new MLContext(1);
        var uninterrupted = await Experiment(ml, NewFolder(), FourConfigs()).RunAsync(TestContext.CancellationToken);

        string folder = NewFolder();
        using var cancellation = new CancellationTokenSource();
        var stopper = new CancelAtEpoch(2, cancellation);
        await Assert.ThrowsAsync<OperationCanceledException>(() => Experiment(ml, folder, FourConfigs(), monitor: stopper).RunAsync(cancellation.Token));
        Assert.IsTrue(stopper.Cancelled, "the sweep was stopped during the promoted trial's third epoch");

        var resumed = await Experiment(ml, folder, FourConfigs()).RunAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(uninterrupted.Trials.Select(Outcome).SelectMany(o => o).ToList(), resumed.Trials.Select(Outcome).SelectMany(o => o).ToList());
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(uninterrupted.OutputFolder, "best", "model.onnx")),
            File.ReadAllBytes(Path.Combine(folder, "best", "model.onnx")));
    }

    [TestMethod]
    public async Task Sweep_TrialThatThrows_IsRecordedWithItsErrorAndTheSweepGoesOn()
    {
        // FreezeBackboneEpochs without initial weights is refused by the trainer: the trials that draw 1 fail.
        var space = new SearchSpace().AddArchitectures("cifarnet").AddChoice("FreezeBackboneEpochs", 0, 1);
        string folder = NewFolder();

        var result = await Experiment(new MLContext(1), folder, space, SweepSchedulers.FullRuns(1), trials: 2).RunAsync(TestContext.CancellationToken);

        var failed = result.Trials.Single(t => t.State == TrialState.Failed);
        StringAssert.Contains(failed.Error, "InitialWeightsPath");
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "trials", failed.Id.ToString(), "error.txt")), "FreezeBackboneEpochs");
        Assert.AreEqual(TrialState.Completed, result.Trials.Single(t => t.Id != failed.Id).State);
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "leaderboard.csv")), "failed");
    }

    [TestMethod]
    public async Task Sweep_ChangedSearchSpace_IsRefusedNamingTheDifferenceAndLeavesTheSweepAsItWas()
    {
        string folder = NewFolder();
        var ml = new MLContext(1);
        var space = new SearchSpace().AddArchitectures("cifarnet").AddChoice("LearningRate", 0.01);
        await Experiment(ml, folder, space, SweepSchedulers.FullRuns(1), trials: 1).RunAsync(TestContext.CancellationToken);
        byte[] journal = File.ReadAllBytes(Path.Combine(folder, "journal.jsonl"));

        var changed = new SearchSpace().AddArchitectures("cifarnet").AddChoice("LearningRate", 0.02);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Experiment(ml, folder, changed, SweepSchedulers.FullRuns(1), trials: 1).RunAsync(TestContext.CancellationToken));

        StringAssert.Contains(error.Message, "LearningRate");
        StringAssert.Contains(error.Message, "search space");
        CollectionAssert.AreEqual(journal, File.ReadAllBytes(Path.Combine(folder, "journal.jsonl")));
    }

    [TestMethod]
    public async Task Sweep_LargerTrialBudget_ExtendsAFinishedSweepWithoutRerunningItsTrials()
    {
        string folder = NewFolder();
        var ml = new MLContext(1);
        var first = await Experiment(ml, folder, FourConfigs(), SweepSchedulers.FullRuns(1), trials: 2).RunAsync(TestContext.CancellationToken);

        var extended = await Experiment(ml, folder, FourConfigs(), SweepSchedulers.FullRuns(1), trials: 3).RunAsync(TestContext.CancellationToken);

        Assert.HasCount(3, extended.Trials);
        for (int i = 0; i < 2; i++)
            Assert.AreEqual(first.Trials[i].TrainSeconds, extended.Trials[i].TrainSeconds, "an earlier trial is not trained again");
        Assert.AreEqual(TrialState.Completed, extended.Trials[2].State);
    }

    [TestMethod]
    public async Task Sweep_CandidateThatCannotTakeTheImages_IsRefusedBeforeTheFirstTrial()
    {
        string folder = NewFolder();
        var space = new SearchSpace().AddArchitectures("cifarnet", "alexnet");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Experiment(new MLContext(1), folder, space, SweepSchedulers.FullRuns(1), trials: 2).RunAsync(TestContext.CancellationToken));

        StringAssert.Contains(error.Message, "alexnet");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "trials")), "no trial ran");
    }

    [TestMethod]
    public async Task Sweep_TimeBudgetRunsOut_StopsAtAnEpochBoundaryAndALargerBudgetGoesOn()
    {
        string folder = NewFolder();
        var ml = new MLContext(1);
        var space = new SearchSpace().AddArchitectures("cifarnet").AddChoice("LearningRate", 0.05);
        // The budget of 50 ms has run out by the end of the first epoch: the monitor holds the trial's start for 300 ms.
        var short_ = await Experiment(ml, folder, space, SweepSchedulers.FullRuns(3), trials: 1, monitor: new SlowStart(TimeSpan.FromMilliseconds(300)))
            .SetBudget(new SweepBudget(Trials: 1, Time: TimeSpan.FromMilliseconds(50))).RunAsync(TestContext.CancellationToken);

        Assert.IsFalse(short_.Finished);
        var stopped = short_.Trials.Single();
        Assert.AreEqual(TrialState.Stopped, stopped.State);
        Assert.AreEqual(1, stopped.EpochsRun, "the trial stops after the epoch in which the budget ran out");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "leaderboard.csv")), "the sweep reports what it has");

        var resumed = await Experiment(ml, folder, space, SweepSchedulers.FullRuns(3), trials: 1).RunAsync(TestContext.CancellationToken);
        var full = await Experiment(ml, NewFolder(), space, SweepSchedulers.FullRuns(3), trials: 1).RunAsync(TestContext.CancellationToken);

        Assert.IsTrue(resumed.Finished);
        Assert.AreEqual(TrialState.Completed, resumed.Trials.Single().State);
        Assert.AreEqual(full.Trials.Single().Latest!.Accuracy, resumed.Trials.Single().Latest!.Accuracy, "it went on from its checkpoint exactly");
    }

    [TestMethod]
    public async Task Sweep_ConsecutiveFailuresAtTheLimit_StopsProposingAndDivergedTrialsAreRecordedAsSuch()
    {
        // Every trial fails: two diverge (a learning rate of 1e8 without clipping), the others are refused by the trainer.
        var space = new SearchSpace().AddArchitectures("cifarnet").AddChoice("LearningRate", 1e8, 2e8).AddChoice("FreezeBackboneEpochs", 0, 1);
        var result = await Experiment(new MLContext(1), NewFolder(), space, SweepSchedulers.FullRuns(3), trials: 4)
            .SetBudget(new SweepBudget(Trials: 4, MaxConsecutiveFailures: 3)).RunAsync(TestContext.CancellationToken);

        Assert.HasCount(3, result.Trials, "the fourth trial is not proposed");
        Assert.IsFalse(result.Finished);
        Assert.IsNull(result.BestTrial);
        Assert.IsTrue(result.Trials.Any(t => t.State == TrialState.Diverged), "a non-finite loss is recorded as diverged");
        Assert.IsTrue(result.Trials.All(t => t.State is TrialState.Diverged or TrialState.Failed));
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    /// <summary>Holds every trial's start for <paramref name="delay"/>.</summary>
    private sealed class SlowStart(TimeSpan delay) : ISweepMonitor
    {
        public void ReportRunningTrial(TrialRecord trial, int targetEpoch) => Thread.Sleep(delay);
    }

    /// <summary>Cancels the sweep when any trial finishes epoch <paramref name="epoch"/> (then it stops at its next step).</summary>
    private sealed class CancelAtEpoch(int epoch, CancellationTokenSource cancellation) : ISweepMonitor
    {
        public bool Cancelled { get; private set; }

        public void ReportEpoch(int trialId, EpochMetrics metrics)
        {
            if (metrics.Epoch != epoch || Cancelled) return;
            Cancelled = true;
            cancellation.Cancel();
        }
    }
}
