using Microsoft.ML;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>
/// Stochastic weight averaging: the mean of the last epochs' weights and buffers, kept through a pause and a resume,
/// and what the returned model carries.
/// </summary>
[TestClass]
public sealed class WeightAverageTests
{
    private static readonly string[] Classes = { "a", "b", "c", "d" };

    /// <summary>A linear layer and a BatchNorm whose every weight, bias and running statistic is <paramref name="value"/>.</summary>
    private static nn.Module<Tensor, Tensor> Network(float value, long batches)
    {
        var network = nn.Sequential(("fc", nn.Linear(2, 2)), ("bn", nn.BatchNorm1d(2)));
        using var noGrad = no_grad();
        foreach (var (name, tensor) in network.state_dict())
            if (name.EndsWith("num_batches_tracked")) tensor.fill_(batches);
            else tensor.fill_(value);
        return network;
    }

    [TestMethod]
    public void Observe_LastEpochs_AveragesWeightsAndRunningStatisticsAndKeepsTheLastCount()
    {
        using var average = new WeightAverage(epochs: 5, lastEpochs: 3);
        float[] values = { 100, 100, 1, 2, 6 };

        for (int epoch = 1; epoch <= 5; epoch++)
        {
            using var network = Network(values[epoch - 1], batches: epoch * 10);
            average.Observe(epoch, network);
        }

        Assert.AreEqual(3, average.Count);
        Assert.AreEqual("3–5", average.Window);
        using var result = Network(0, 0);
        Assert.IsTrue(average.LoadInto(result));
        foreach (var (name, tensor) in result.state_dict())
            if (name.EndsWith("num_batches_tracked"))
                Assert.AreEqual(50L, tensor.min().item<long>(), name);
            else
                Assert.AreEqual(3f, tensor.max().item<float>(), 1e-6f, name); // (1 + 2 + 6) / 3; epochs 1 and 2 are outside
    }

    [TestMethod]
    public void LoadInto_BeforeTheWindowOrWhenOff_LeavesTheNetworkAlone()
    {
        using var off = new WeightAverage(epochs: 3, lastEpochs: 0);
        using var late = new WeightAverage(epochs: 3, lastEpochs: 1);
        using var network = Network(4, 1);
        off.Observe(3, network);
        late.Observe(2, network);

        Assert.IsFalse(off.LoadInto(network));
        Assert.IsFalse(late.LoadInto(network));
        Assert.AreEqual(0, off.Count);
    }

    private static CnnTrainer.Options Options(Action<CnnTrainer.Options>? configure = null)
    {
        var options = new CnnTrainer.Options
        {
            Architecture = "densenet_cifar", Epochs = 4, BatchSize = 16, LearningRate = 0.05, Seed = 3,
            RandomCropPadding = 2, HorizontalFlip = true, ValidationFraction = 0.25, WeightAveragingEpochs = 3,
        };
        configure?.Invoke(options);
        return options;
    }

    private static ImageClassificationTransformer Fit(CnnTrainer.Options options)
    {
        var ml = new MLContext(1);
        var data = TensorRow.Load(ml, 64, Classes, seed: 3);
        return ml.Transforms.Conversion.MapValueToKey("Label").Append(new CnnTrainer(ml, options)).Fit(data).LastTransformer;
    }

    [TestMethod]
    public void Fit_PausedInsideTheWindowThenResumed_CarriesTheSameAverageAsTheRunThatNeverPaused()
    {
        string checkpoint = Path.Combine(Path.GetTempPath(), "mlnetcnn-swa-" + Guid.NewGuid().ToString("N") + ".ckpt");
        try
        {
            var whole = Fit(Options());
            var plain = Fit(Options(o => o.WeightAveragingEpochs = 0));
            var paused = Fit(Options(o => { o.CheckpointPath = checkpoint; o.PauseAfterEpoch = 3; }));
            Assert.IsTrue(paused.Info.Paused);
            var resumed = Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.CheckpointPath = checkpoint; }));

            Assert.AreEqual(3, resumed.Info.ResumedAfterEpoch);
            CollectionAssert.AreEqual(whole.OnnxModel.ToArray(), resumed.OnnxModel.ToArray(), "the mean of epochs 2–4, bit for bit");
            CollectionAssert.AreNotEqual(whole.OnnxModel.ToArray(), plain.OnnxModel.ToArray(), "the average is not the last or best epoch's weights");
            StringAssert.Contains(whole.Info.Recipe, "weights averaged over the last 3 epochs");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [TestMethod]
    public void Options_MoreAveragedEpochsThanTheRun_AreRefusedNamingTheOption()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CnnTrainer(new MLContext(1), Options(o => o.WeightAveragingEpochs = 5)));

        Assert.AreEqual(nameof(CnnTrainer.Options.WeightAveragingEpochs), error.ParamName);
        StringAssert.Contains(error.Message, "between 0 (off) and Epochs (4)");
    }
}
