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
/// it). CIFAR-sized networks train at 32×32; networks that need larger inputs (AlexNet, NiN) at their minimum size. The
/// image count and epochs follow each network's cost, so the class stays within a few minutes on two cores: cheap networks
/// see hundreds of images, the costliest a handful, the same check for all.
/// </summary>
[TestClass]
public sealed class RecipeLearningTests
{
    private const int Classes = 10;

    /// <summary>Multiply-adds of training, per architecture, that the check may spend (forward multiply-adds × images × epochs).</summary>
    private const double MultiplyAddBudget = 1.2e11;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Architectures => ArchitectureRegistry.Names.Select(name => new object[] { name });

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void Fit_ArchitecturesOwnRecipe_LossFallsAndAccuracyEndsFarAboveChance(string name)
    {
        var info = ArchitectureRegistry.Get(name);
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
        /// At 32×32 (or the minimum size when larger), as many images (up to 100 a class) and epochs (up to 4; more for a
        /// handful of images, which give fewer steps an epoch) as <paramref name="budget"/> multiply-adds allow.
        /// </summary>
        public static LearningCheck For(ArchitectureInfo info, double budget)
        {
            int size = Math.Max(32, info.MinImageSize);
            double perImage = ModelSummary.Create(info.Name, new ModelSpec(3, Classes, size)).MultiplyAdds;
            int imagesPerClass = (int)Math.Clamp(budget / (4 * perImage * Classes), 2, 100);
            int epochs = imagesPerClass >= 20 ? 4 : 10;
            return new LearningCheck(size, imagesPerClass, epochs);
        }
    }
}
