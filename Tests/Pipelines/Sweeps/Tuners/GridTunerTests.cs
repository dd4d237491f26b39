using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Tuners;

[TestClass]
public sealed class GridTunerTests
{
    private static SearchSpace Space() => new SearchSpace()
        .AddArchitectures("resnet9", "lenet5")
        .AddSettingChoice("resnet9", "width", "8", "16")
        .AddRange("RandomCropPadding", 0, 1)
        .AddChoice("Optimizer", "sgd", "adamw");

    [TestMethod]
    public void Propose_WholeGrid_EachOnceThenNull()
    {
        var space = Space();

        var history = TunerRuns.Run(SweepTuners.Grid(pointsPerRange: 4), space, 100, seed: 0, _ => 0);

        // lenet5: 2 paddings (4 points round to 0, 0, 1, 1) × 2 optimizers; resnet9: the same × 2 widths.
        Assert.AreEqual(4 + 8, history.Count);
        Assert.AreEqual(history.Count, history.Select(o => o.Config.Key).Distinct().Count());
        CollectionAssert.AreEqual(space.Grid(4).ToArray(), history.Select(o => o.Config).ToArray());
        Assert.IsNull(SweepTuners.Grid(4).Propose(space, history.Count, history, seed: 0));
    }

    [TestMethod]
    public void Propose_HistoryOutOfOrder_SkipsWhatWasTried()
    {
        var space = Space();
        var tried = space.Grid(2).Where((_, i) => i % 2 == 0).Select(c => new TrialObservation(c, 0.5, 1, MlNetCnn.Pipelines.Sweeps.TrialState.Completed)).ToList();

        var proposal = SweepTuners.Grid(2).Propose(space, tried.Count, tried, seed: 9);

        Assert.AreEqual(space.Grid(2).ElementAt(1), proposal);
    }

    [TestMethod]
    public void Constructor_NoPoints_IsRefused()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SweepTuners.Grid(0)).Message, "expected at least 1; got 0");
    }
}
