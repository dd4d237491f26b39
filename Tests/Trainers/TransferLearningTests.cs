using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Models.Weights;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Trainers;

/// <summary>
/// Transfer learning through a trainer, on <c>cifarnet</c> (no BatchNorm, so the scoring graph's initializers are the
/// state dict as trained) with 16×16 images.
/// </summary>
[TestClass]
public sealed class TransferLearningTests
{
    private static readonly string[] Classes = { "red", "green", "blue" };
    private static readonly string[] Backbone = { "conv1.weight", "conv1.bias", "conv2.weight", "fc1.weight", "fc2.weight", "fc2.bias" };

    [TestMethod]
    public void Fit_WeightsWithAnotherClassCountAndFrozenBackbone_KeepsTheFilesBackboneAndGrowsANewHead()
    {
        using var weights = new WeightsFile("cifarnet", classes: 5);

        var trained = Train(weights.Path, epochs: 1, freezeEpochs: 1);

        foreach (string key in Backbone)
            CollectionAssert.AreEqual(weights.Values[key], trained[key].Values, key);
        CollectionAssert.AreEqual(new long[] { 3, 84 }, trained["fc3.weight"].Shape);
    }

    [TestMethod]
    public void Fit_FrozenForOneOfTwoEpochs_TrainsTheHeadFirstAndThenTheBackbone()
    {
        using var weights = new WeightsFile("cifarnet", classes: 3);

        var frozen = Train(weights.Path, epochs: 1, freezeEpochs: 1);
        var thawed = Train(weights.Path, epochs: 2, freezeEpochs: 1);

        CollectionAssert.AreEqual(weights.Values["conv1.weight"], frozen["conv1.weight"].Values, "frozen backbone");
        CollectionAssert.AreNotEqual(weights.Values["fc3.weight"], frozen["fc3.weight"].Values, "the head learns while frozen");
        CollectionAssert.AreNotEqual(weights.Values["conv1.weight"], thawed["conv1.weight"].Values, "the backbone learns after thawing");
    }

    [TestMethod]
    public void Fit_WeightsOfAnotherArchitecture_FailsWithTheLoadersListBeforeTraining()
    {
        using var weights = new WeightsFile("lenet5_relu", classes: 3);
        int steps = 0;

        var e = Assert.ThrowsExactly<WeightMismatchException>(() => Train(weights.Path, epochs: 1, freezeEpochs: 0, new Counter(() => steps++)));

        StringAssert.Contains(e.Message, "Missing (in the network, not in the file): conv1.weight");
        StringAssert.Contains(e.Message, "Unexpected (in the file, not in the network): 0.weight");
        Assert.AreEqual(0, steps, "no training step before the check");
    }

    [TestMethod]
    public void Options_FreezeWithoutWeights_FailsNamingBothOptions()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new LeNetTrainer(new LeNetTrainer.Options { FreezeBackboneEpochs = 1 }));

        StringAssert.Contains(e.Message, "FreezeBackboneEpochs");
        StringAssert.Contains(e.Message, "InitialWeightsPath");
    }

    private static Dictionary<string, (long[] Shape, float[] Values)> Train(string weights, int epochs, int freezeEpochs,
        IProgress<MlNetCnn.Trainers.Training.TrainingProgress>? progress = null)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Row16.Make(24, Classes));
        var trainer = ml.MulticlassClassification.Trainers.LeNet(new LeNetTrainer.Options
        {
            Architecture = "cifarnet", InitialWeightsPath = weights, FreezeBackboneEpochs = freezeEpochs,
            Epochs = epochs, BatchSize = 8, LearningRate = 0.05, Device = MlNetCnn.Trainers.Devices.TrainingDevice.Cpu, Progress = progress,
        });
        return ScoringInitializers.Read(ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer).Fit(data).LastTransformer);
    }

    private sealed class Counter(Action onReport) : IProgress<MlNetCnn.Trainers.Training.TrainingProgress>
    {
        public void Report(MlNetCnn.Trainers.Training.TrainingProgress value) => onReport();
    }

    private sealed class Row16
    {
        public string Label { get; set; } = "";

        [VectorType(3, 16, 16)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public static IEnumerable<Row16> Make(int count, string[] classes) => Enumerable.Range(0, count).Select(i => new Row16
        {
            Label = classes[i % classes.Length],
            Features = Enumerable.Range(0, 3 * 16 * 16).Select(p => p / 256 == i % classes.Length ? 0.8f : 0.2f + (p * 7 + i) % 13 / 100f).ToArray(),
        });
    }
}
