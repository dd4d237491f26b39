using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Space;

[TestClass]
public sealed class SearchSpaceCandidatesTests
{
    [TestMethod]
    public void Grid_SettingsConditionalOnArchitecture_EnumeratesEachBranchOnce()
    {
        var configs = SearchSpaceTests.Example().Grid(3).ToList();

        // lenet5: 3 rates × 2 optimizers × 2 batch sizes; resnet9: the same × 2 widths.
        Assert.AreEqual(12 + 24, configs.Count);
        Assert.AreEqual(configs.Count, configs.Select(c => c.Key).Distinct().Count());
        Assert.IsTrue(configs.Where(c => c.Architecture == "lenet5").All(c => c.Settings.Count == 0));
        Assert.IsTrue(configs.Where(c => c.Architecture == "resnet9").All(c => c.Settings.Keys.SequenceEqual(new[] { "width" })));
        Assert.IsTrue(configs.All(c => c.Options["WeightDecay"] == "0.0005"));
        Assert.AreEqual("lenet5 BatchSize=64 LearningRate=0.001 Optimizer=AdamW WeightDecay=0.0005", configs[0].ToString());
    }

    [TestMethod]
    public void Grid_LogRange_IsLogSpacedAndDeterministic()
    {
        var space = new SearchSpace().AddArchitectures("lenet5").AddRange("LearningRate", 1e-4, 1, logScale: true);

        var rates = space.Grid(5).Select(c => c.Options["LearningRate"]).ToArray();

        CollectionAssert.AreEqual(new[] { "0.0001", "0.001", "0.01", "0.1", "1" }, rates);
        CollectionAssert.AreEqual(rates, space.Grid(5).Select(c => c.Options["LearningRate"]).ToArray());
    }

    [TestMethod]
    public void Grid_IntegerRangeWithMorePointsThanIntegers_RoundsAndDeduplicates()
    {
        var space = new SearchSpace().AddArchitectures("lenet5").AddRange("RandomCropPadding", 0, 2);

        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, space.Grid(7).Select(c => c.Options["RandomCropPadding"]).ToArray());
    }

    [TestMethod]
    public void Grid_NoArchitecture_IsRefused()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new SearchSpace().AddChoice("BatchSize", 64).Grid(3).ToList());

        StringAssert.Contains(error.Message, "expected at least one");
    }

    [TestMethod]
    public void Sample_SameSeed_SameConfigurationsWithinTheSpace()
    {
        var space = SearchSpaceTests.Example();

        var first = Enumerable.Range(0, 50).Select(_ => space.Sample(new Random(7))).ToArray();
        var random = new Random(3);
        var drawn = Enumerable.Range(0, 200).Select(_ => space.Sample(random)).ToArray();

        Assert.IsTrue(first.All(c => c.Equals(first[0])));
        foreach (var config in drawn)
        {
            double rate = double.Parse(config.Options["LearningRate"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(rate is >= 1e-3 and <= 1e-1, config.ToString());
            Assert.AreEqual(config.Architecture == "resnet9", config.Settings.ContainsKey("width"), config.ToString());
        }
        Assert.IsTrue(drawn.Select(c => c.Architecture).Distinct().Count() == 2);
    }

    [TestMethod]
    public void CreateConfig_WrongNumberOfValues_SaysHowManyWereExpected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => SearchSpaceTests.Example().CreateConfig("lenet5", new[] { "64" }));

        StringAssert.Contains(error.Message, "lenet5: expected 4 values (one per active dimension); got 1");
    }

    [TestMethod]
    public void Grid_ConfigApplies_ToTrainerOptions()
    {
        var options = new MlNetCnn.Trainers.CnnTrainer.Options();

        SearchSpaceTests.Example().Grid(2).Last().ApplyTo(options);

        Assert.AreEqual("resnet9", options.Architecture);
        Assert.AreEqual(0.1, options.LearningRate);
    }
}
