using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Weights;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Tests.Trainers;

/// <summary>
/// Fine-tuning through a trainer: frozen epochs on cached backbone features (only the head learns, much faster, resumable),
/// pretrained weights by name (their normalisation, RGB only, unknown names listed) and the options' checks.
/// </summary>
[TestClass]
public sealed class FineTuningTests
{
    private static readonly string[] Classes = { "red", "green", "blue" };
    private static readonly string[] CifarNetBackbone = { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc2.weight", "fc2.bias" };

    private static ImageClassificationTransformer Fit(string architecture, int size, int rows, Action<CnnTrainer.Options> configure, int channels = 3)
    {
        var ml = new MLContext(seed: 1);
        var options = new CnnTrainer.Options { Architecture = architecture, BatchSize = 8, LearningRate = 0.05, Device = TrainingDevice.Cpu };
        configure(options);
        return ml.Transforms.Conversion.MapValueToKey("Label").Append(new CnnTrainer(ml, options))
            .Fit(SquareImageRow.Load(ml, rows, Classes, size, channels)).LastTransformer;
    }

    [TestMethod]
    public void Fit_CachedFrozenEpochs_ChangeOnlyTheHeadAndTheLossFalls()
    {
        using var weights = new WeightsFile("cifarnet", classes: 3);

        var model = Fit("cifarnet", 16, 30, o =>
        {
            o.InitialWeightsPath = weights.Path;
            o.Epochs = 4;
            o.FreezeBackboneEpochs = 4;
            o.CacheBackboneFeatures = true;
            o.ValidationFraction = 0.2;
        });

        var trained = ScoringInitializers.Read(model);
        foreach (string key in CifarNetBackbone)
            CollectionAssert.AreEqual(weights.Values[key], trained[key].Values, $"{key} unchanged bit for bit");
        CollectionAssert.AreNotEqual(weights.Values["fc3.weight"], trained["fc3.weight"].Values, "the head learns");
        var history = model.Info.History;
        Assert.AreEqual(4, history.Count);
        Assert.IsTrue(history.All(m => m.ValidationAccuracy is not null), "every epoch is validated");
        Assert.IsTrue(history[^1].TrainLoss < history[0].TrainLoss, $"loss {history[0].TrainLoss} → {history[^1].TrainLoss}");
    }

    [TestMethod]
    public void Fit_CachedFrozenEpochs_AreMuchFasterThanEpochsThroughTheBackbone()
    {
        using var weights = new WeightsFile("resnet18", classes: 3, size: 64);
        double SecondsPerLaterEpoch(bool cache)
        {
            var model = Fit("resnet18", 64, 16, o =>
            {
                o.InitialWeightsPath = weights.Path;
                o.Epochs = 2;
                o.FreezeBackboneEpochs = 2;
                o.CacheBackboneFeatures = cache;
            });
            // The first cached epoch includes computing the cache: compare the epochs after it.
            return model.Info.History.Skip(1).Average(m => m.Seconds);
        }

        double uncached = SecondsPerLaterEpoch(false), cached = SecondsPerLaterEpoch(true);

        Console.WriteLine($"resnet18 64 px, 16 images: {uncached * 1000:F1} ms per frozen epoch through the backbone, {cached * 1000:F1} ms on cached features ({uncached / cached:F0}×).");
        Assert.IsTrue(cached * 3 < uncached, $"cached {cached:F4} s vs uncached {uncached:F4} s per epoch");
    }

    [TestMethod]
    public void Fit_ResumedDuringCachedEpochs_GivesTheModelOfAnUninterruptedRun()
    {
        using var weights = new WeightsFile("cifarnet", classes: 3);
        string checkpoint = Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.mlnc");
        void Configure(CnnTrainer.Options o)
        {
            o.InitialWeightsPath = weights.Path;
            o.Epochs = 3;
            o.FreezeBackboneEpochs = 2;
            o.FeatureCachePasses = 2;
        }
        try
        {
            var whole = Fit("cifarnet", 16, 24, Configure);
            Fit("cifarnet", 16, 24, o => { Configure(o); o.CheckpointPath = checkpoint; o.PauseAfterEpoch = 1; });
            var resumed = Fit("cifarnet", 16, 24, o => { Configure(o); o.ResumeFromCheckpoint = checkpoint; });

            CollectionAssert.AreEqual(whole.OnnxModel.ToArray(), resumed.OnnxModel.ToArray());
            Assert.AreEqual(1, resumed.Info.ResumedAfterEpoch);
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    /// <summary>Weights named <c>test</c> for cifarnet, opened from <paramref name="file"/>, with their own normalisation.</summary>
    private static PretrainedWeights Named(WeightsFile file) => new("cifarnet", "test", "random weights for a test", WeightsAvailability.Offline, file.Path, 3,
        new WeightsPreprocessing([0.1f, 0.2f, 0.3f], [0.5f, 0.6f, 0.7f], 16), (_, _) => new SafeTensorsSource(file.Path));

    [TestMethod]
    public void Fit_Pretrained_LoadsTheWeightsAndNormalisesWithTheirMeanAndStd()
    {
        using var weights = new WeightsFile("cifarnet", classes: 3);

        var model = Fit("cifarnet", 16, 24, o =>
        {
            o.Pretrained = "test";
            o.PretrainedWeightsOverride = Named(weights);
            o.Epochs = 1;
        });

        CollectionAssert.AreEqual(new[] { 0.1f, 0.2f, 0.3f }, model.Info.Mean);
        CollectionAssert.AreEqual(new[] { 0.5f, 0.6f, 0.7f }, model.Info.Std);
        CollectionAssert.AreEqual(weights.Values["conv1.weight"], ScoringInitializers.Read(model)["conv1.weight"].Values, "the recipe's frozen epoch kept the backbone");
        StringAssert.Contains(model.Info.Recipe, "head only for 1 epoch on cached features");
    }

    [TestMethod]
    public void Fit_PretrainedWithGrayImages_FailsNamingPretrainedAndTheChannels()
    {
        using var weights = new WeightsFile("cifarnet", classes: 3);

        var e = Assert.ThrowsExactly<ArgumentException>(() => Fit("cifarnet", 16, 12, o =>
        {
            o.Pretrained = "test";
            o.PretrainedWeightsOverride = Named(weights);
            o.Epochs = 1;
        }, channels: 1));

        Assert.AreEqual(nameof(CnnTrainer.Options.Pretrained), e.ParamName);
        StringAssert.Contains(e.Message, "take 3-channel (RGB) images");
        StringAssert.Contains(e.Message, "1 channel(s)");
    }

    [TestMethod]
    public void Constructor_PretrainedUnknownName_FailsListingTheWeightsThatExist()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CnnTrainer(new CnnTrainer.Options { Architecture = "resnet18", Pretrained = "no-such-weights" }));

        Assert.AreEqual(nameof(CnnTrainer.Options.Pretrained), e.ParamName);
        StringAssert.Contains(e.Message, "'no-such-weights'");
        foreach (var known in PretrainedCatalog.All.Where(w => w.Architecture == "resnet18"))
            StringAssert.Contains(e.Message, known.Name);
        if (!PretrainedCatalog.All.Any(w => w.Architecture == "resnet18"))
            StringAssert.Contains(e.Message, "architectures with weights");
    }

    public static IEnumerable<object[]> BadOptions =>
    [
        [(Action<CnnTrainer.Options>)(o => o.BackboneLearningRateScale = 0), nameof(CnnTrainer.Options.BackboneLearningRateScale), "(0, 1]"],
        [(Action<CnnTrainer.Options>)(o => o.BackboneLearningRateScale = 1.5), nameof(CnnTrainer.Options.BackboneLearningRateScale), "(0, 1]"],
        [(Action<CnnTrainer.Options>)(o => o.RandomResizedCropScale = 0), nameof(CnnTrainer.Options.RandomResizedCropScale), "(0, 1]"],
        [(Action<CnnTrainer.Options>)(o => o.RandomResizedCropScale = 1.2), nameof(CnnTrainer.Options.RandomResizedCropScale), "(0, 1]"],
        [(Action<CnnTrainer.Options>)(o => o.FeatureCachePasses = 0), nameof(CnnTrainer.Options.FeatureCachePasses), "at least 1"],
        [(Action<CnnTrainer.Options>)(o => o.Pretrained = " "), nameof(CnnTrainer.Options.Pretrained), "'imagenet'"],
        [(Action<CnnTrainer.Options>)(o => o.WeightsCacheFolder = ""), nameof(CnnTrainer.Options.WeightsCacheFolder), "must name a folder"],
        [(Action<CnnTrainer.Options>)(o => o.FreezeBackboneEpochs = 11), nameof(CnnTrainer.Options.FreezeBackboneEpochs), "between 0 and Epochs (10)"],
        [(Action<CnnTrainer.Options>)(o => o.FreezeBackboneEpochs = 1), nameof(CnnTrainer.Options.FreezeBackboneEpochs), "nor Pretrained"],
        [(Action<CnnTrainer.Options>)(o => { o.Pretrained = "imagenet"; o.InitialWeightsPath = typeof(FineTuningTests).Assembly.Location; }),
            nameof(CnnTrainer.Options.Pretrained), "set only one"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadOptions))]
    public void Constructor_BadFineTuningOption_FailsNamingTheOptionAndWhatItTakes(Action<CnnTrainer.Options> set, string option, string expected)
    {
        var options = new CnnTrainer.Options { Architecture = "resnet18" };
        set(options);

        var e = Assert.Throws<ArgumentException>(() => new CnnTrainer(options));

        Assert.AreEqual(option, e.ParamName);
        StringAssert.Contains(e.Message, expected);
    }
}
