using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>The best epoch, the patience count and the kept weights.</summary>
[TestClass]
public sealed class BestEpochTrackerTests
{
    private static EpochMetrics Epoch(int epoch, double accuracy, double loss) => new(epoch, 1, 0.5, 0.1, 1, 100, null, loss, accuracy, null);

    [TestMethod]
    public void Observe_Accuracy_KeepsTheHighestAndCountsEpochsWithoutImprovement()
    {
        using var tracker = new BestEpochTracker(ValidationMetric.Accuracy, minDelta: 0.01, patience: 2, keepWeights: false);
        using var network = nn.Linear(2, 2);

        tracker.Observe(Epoch(1, 0.50, 1.0), network);
        tracker.Observe(Epoch(2, 0.60, 0.9), network);
        tracker.Observe(Epoch(3, 0.605, 0.8), network); // within min delta: no improvement
        Assert.IsFalse(tracker.ShouldStop);
        tracker.Observe(Epoch(4, 0.55, 0.7), network);

        Assert.AreEqual(2, tracker.BestEpoch);
        Assert.AreEqual(0.60, tracker.BestValue);
        Assert.AreEqual(2, tracker.EpochsWithoutImprovement);
        Assert.IsTrue(tracker.ShouldStop);
    }

    [TestMethod]
    public void Observe_Loss_KeepsTheLowest()
    {
        using var tracker = new BestEpochTracker(ValidationMetric.Loss, minDelta: 0, patience: null, keepWeights: false);
        using var network = nn.Linear(2, 2);

        foreach (var (epoch, loss) in new[] { (1, 0.9), (2, 0.7), (3, 0.8) })
            tracker.Observe(Epoch(epoch, 0.5, loss), network);

        Assert.AreEqual(2, tracker.BestEpoch);
        Assert.IsFalse(tracker.ShouldStop, "no patience: never stops");
    }

    [TestMethod]
    public void LoadBestInto_PutsBackTheBestEpochsWeights()
    {
        using var tracker = new BestEpochTracker(ValidationMetric.Accuracy, 0, null, keepWeights: true);
        using var network = nn.Linear(2, 2);
        using (no_grad()) network.weight!.fill_(1);
        tracker.Observe(Epoch(1, 0.9, 0.1), network);
        using (no_grad()) network.weight!.fill_(2);
        tracker.Observe(Epoch(2, 0.8, 0.2), network);

        Assert.IsTrue(tracker.LoadBestInto(network));

        Assert.AreEqual(1f, network.weight!.max().item<float>());
        Assert.AreEqual(1f, network.weight!.min().item<float>());
    }
}
