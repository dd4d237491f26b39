using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Journal;

/// <summary>Journal entries and trial records of a small made-up sweep, for the journal and report tests.</summary>
internal static class SweepSamples
{
    public static TrialConfig Config(string architecture = "resnet9", string learningRate = "0.1") =>
        new(architecture, new Dictionary<string, string> { ["width"] = "16" }, new Dictionary<string, string> { ["LearningRate"] = learningRate });

    /// <summary>The spec of a small sweep: random tuner, asynchronous successive halving on rungs 1, 3 and 9.</summary>
    public static SweepSpec Spec() => new(
        new SweepData("folder", "data/flowers", null, 32, 3, ["daisy", "rose"], 0.2, null, 800, 200),
        Seed: 1, SweepMetric.Accuracy, "random", "asha", MinEpochs: 1, MaxEpochs: 9, Eta: 3,
        ["architecture in {lenet5, resnet9}", "LearningRate in [0.001, 0.1] log"], MaxParameters: 5_000_000);

    public static TrialMetrics Metrics(int epoch, double accuracy, double logLoss = 0.5, double? top5 = null) =>
        new(epoch, accuracy, accuracy - 0.02, Math.Min(1, accuracy + 0.02), accuracy - 0.01, accuracy - 0.05, Math.Min(1, accuracy + 0.03),
            logLoss, top5, 1000, Enumerable.Range(1, epoch).Select(e => (double?)(accuracy * e / epoch)).ToArray());

    public static TrialCost Cost(long parameters = 1_000_000, double latency = 2.5, double trainSeconds = 60) =>
        new(parameters, 50_000_000, parameters * 4, latency, trainSeconds, 1234.5, 812, "cpu");

    /// <summary>One session; trial 1 completes, 2 is pruned at the rung, 3 fails once and retries then diverges, 4 is stopped.</summary>
    public static IReadOnlyList<JournalEntry> Entries() =>
    [
        new SweepStarted(1, 4, null),
        new TrialProposed(1, Config(learningRate: "0.1"), 3),
        new TrialProposed(2, Config(learningRate: "0.01"), 3),
        new TrialProposed(3, Config("lenet5"), 3),
        new TrialProposed(4, Config("vgg11"), 3),
        new TrialRungReached(1, Metrics(3, 0.8), 10),
        new TrialRungReached(2, Metrics(3, 0.6), 12),
        new TrialFailed(3, "CUDA out of memory", Diverged: false, WillRetry: true, Epoch: 1),
        new TrialPromoted(1, 9),
        new TrialPruned(2),
        new TrialFailed(3, "loss is NaN\n  at the training loop", Diverged: true, WillRetry: false, Epoch: 2),
        new TrialCompleted(1, Metrics(9, 0.9), Cost(trainSeconds: 35)),
        new TrialStopped(4, 2, 0.4, 7),
        new TrialTested(1, 0.88, 0.87, 500),
    ];

    public static string TempFolder() => Path.Combine(Path.GetTempPath(), $"mlnetcnn-sweep-{Guid.NewGuid():N}");
}
