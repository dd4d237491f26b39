using Microsoft.ML;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Tests.Trainers;

/// <summary>Augmentation options through <c>Fit</c>: the same seed trains the same model, and erasing or mixup changes training.</summary>
[TestClass]
public sealed class AugmentationFitTests
{
    private static readonly string[] Classes = { "a", "b" };

    private static ImageClassificationTransformer Fit(double erasing, double mixup = 0)
    {
        var ml = new MLContext(seed: 1);
        var data = TensorRow.Load(ml, 64, Classes, seed: 3);
        var trainer = new ResNetTrainer(ml, new ResNetTrainer.Options
        {
            Epochs = 1, BatchSize = 32, RandomCropPadding = 2, HorizontalFlip = true, RandomErasingProbability = erasing, MixupAlpha = mixup, Seed = 5,
        });
        return ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer).Fit(data).LastTransformer;
    }

    [TestMethod]
    public void Fit_RandomErasingWithTheSameSeed_TrainsTheSameModel()
    {
        var first = Fit(erasing: 0.5);
        var second = Fit(erasing: 0.5);
        var withoutErasing = Fit(erasing: 0);

        Assert.AreEqual(first.History[0].TrainLoss, second.History[0].TrainLoss);
        CollectionAssert.AreEqual(first.OnnxModel.ToArray(), second.OnnxModel.ToArray());
        Assert.AreNotEqual(first.History[0].TrainLoss, withoutErasing.History[0].TrainLoss);
        Assert.IsGreaterThan(0.0, first.Info.DataLoadSeconds);
        Assert.IsLessThanOrEqualTo(first.Info.TrainSeconds, first.Info.DataLoadSeconds);
    }

    [TestMethod]
    public void Fit_MixupWithTheSameSeed_TrainsTheSameModel()
    {
        var first = Fit(erasing: 0, mixup: 0.4);
        var second = Fit(erasing: 0, mixup: 0.4);
        var withoutMixup = Fit(erasing: 0);

        CollectionAssert.AreEqual(first.OnnxModel.ToArray(), second.OnnxModel.ToArray());
        Assert.AreNotEqual(first.History[0].TrainLoss, withoutMixup.History[0].TrainLoss);
    }
}
