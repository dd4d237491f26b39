using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Tuners;

[TestClass]
public sealed class RandomTunerTests
{
    [TestMethod]
    public void Propose_SameSeed_SameSequence_OtherSeed_Another()
    {
        var space = SmallSpace().AddRange("LearningRate", 1e-4, 1, logScale: true);

        var first = TunerRuns.Run(SweepTuners.Random(), space, 20, seed: 5, _ => 0).Select(o => o.Config.Key).ToArray();
        var again = TunerRuns.Run(new RandomTuner(), space, 20, seed: 5, _ => 0).Select(o => o.Config.Key).ToArray();
        var other = TunerRuns.Run(SweepTuners.Random(), space, 20, seed: 6, _ => 0).Select(o => o.Config.Key).ToArray();

        CollectionAssert.AreEqual(first, again);
        CollectionAssert.AreNotEqual(first, other);
    }

    [TestMethod]
    public void Propose_SmallSpace_NeverRepeatsThenNull()
    {
        var space = SmallSpace();

        var history = TunerRuns.Run(SweepTuners.Random(), space, 20, seed: 1, _ => 0);

        // 3 optimizers × 2 flips: every configuration once, then no new one.
        Assert.AreEqual(6, history.Count);
        Assert.AreEqual(6, history.Select(o => o.Config.Key).Distinct().Count());
        Assert.IsNull(SweepTuners.Random().Propose(space, 6, history, seed: 1));
    }

    private static SearchSpace SmallSpace() => new SearchSpace()
        .AddArchitectures("lenet5")
        .AddChoice("Optimizer", "sgd", "adam", "adamw")
        .AddChoice("HorizontalFlip", true, false);
}
