using Microsoft.ML;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Summary;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Trainers;

/// <summary>
/// Every registered architecture learns on its own recipe: trained with nothing set but the epochs, on real CIFAR-10 images
/// shipped in the repository, its training loss falls and its training accuracy ends far above chance (at least twice
/// it). Every CIFAR-sized network (built for 32×32 or smaller) trains at 32×32; the image count follows its cost, so the
/// class stays within a few minutes on two cores: cheap networks see all 2,500 images, the costliest a handful. Networks
/// built for 224×224 images are reported as not run, with the reason.
/// </summary>
[TestClass]
public sealed class RecipeLearningTests
{
    private const int Classes = 10;

    /// <summary>The side of CIFAR-10 images: the architectures built for it (or smaller) are trained here.</summary>
    private const int CifarSize = 32;

    /// <summary>Multiply-adds (forward, per image) × images × epochs that the check may spend on one architecture.</summary>
    private const double MultiplyAddBudget = 6e10;

    /// <summary>Epochs of every check: enough steps for the recipe's schedule to act, even with a handful of images.</summary>
    private const int Epochs = 12;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Architectures => ArchitectureRegistry.Names.Select(name => new object[] { name });

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void Fit_ArchitecturesOwnRecipe_LossFallsAndAccuracyEndsFarAboveChance(string name)
    {
        var info = ArchitectureRegistry.Get(name);
        if (info.DefaultImageSize > CifarSize)
            Assert.Inconclusive($"{name} is built for {info.DefaultImageSize}×{info.DefaultImageSize} images: training it above chance, even at its " +
                                $"minimum size {info.MinImageSize}×{info.MinImageSize} on a handful of images, costs more than this suite's budget on two cores. " +
                                "Its finite logits and gradients are checked by RegisteredArchitectureTests.");
        var check = LearningCheck.For(info, MultiplyAddBudget);
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(ShippedImages.Train(check.ImagesPerClass));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", check.ImageSize, check.ImageSize))
            .Append(ml.MulticlassClassification.Trainers.Cnn(new CnnTrainer.Options { Architecture = name, Epochs = check.Epochs }));

        var history = pipeline.Fit(train).LastTransformer.History;

        var (first, last) = (history[0], history[^1]);
        TestContext.WriteLine($"{name} at {check.ImageSize}px, {check.ImagesPerClass * Classes} images × {check.Epochs} epochs: " +
                              $"loss {first.TrainLoss:F3} → {last.TrainLoss:F3}, accuracy {first.TrainAccuracy:P1} → {last.TrainAccuracy:P1}");
        Assert.IsLessThan(first.TrainLoss, last.TrainLoss, $"{name}: the training loss did not fall ({info.Recipe.Describe()})");
        Assert.IsGreaterThanOrEqualTo(2.0 / Classes, last.TrainAccuracy, $"{name}: training accuracy {last.TrainAccuracy:P1} is not twice chance ({info.Recipe.Describe()})");
    }

    /// <summary>How one architecture is checked: image size, images per class and epochs.</summary>
    private sealed record LearningCheck(int ImageSize, int ImagesPerClass, int Epochs)
    {
        /// <summary>
        /// At 32×32 (or the minimum size when larger), <see cref="RecipeLearningTests.Epochs"/> epochs over as many images as
        /// <paramref name="budget"/> multiply-adds allow: from 2 to all 250 a class.
        /// </summary>
        public static LearningCheck For(ArchitectureInfo info, double budget)
        {
            int size = Math.Max(CifarSize, info.MinImageSize);
            double perImage = ModelSummary.Create(info.Name, new ModelSpec(3, Classes, size)).MultiplyAdds;
            int imagesPerClass = (int)Math.Clamp(budget / (RecipeLearningTests.Epochs * perImage * Classes), 2, 250);
            // No short last batch: BatchNorm over a few images (1×1 maps at the end of an ImageNet stem) is too noisy to learn from.
            int batch = info.Recipe.BatchSize;
            while (imagesPerClass * Classes > batch && imagesPerClass * Classes % batch is > 0 and < 32) imagesPerClass--;
            return new LearningCheck(size, imagesPerClass, RecipeLearningTests.Epochs);
        }
    }
}
