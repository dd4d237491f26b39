using Microsoft.ML;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>Augmentation on the training device: seeded, shape-preserving, and random erasing as torchvision draws it.</summary>
[TestClass]
public sealed class BatchAugmentationTests
{
    /// <summary>A batch of 16 images 3×20×24 with no zero value, so that erased pixels are exactly the zeros.</summary>
    private static Tensor Batch() => arange(16 * 3 * 20 * 24, dtype: ScalarType.Float32).view(16, 3, 20, 24).add(1);

    private static float[] Augment(int seed, int padding, bool flip, double erasing)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var augmentation = new BatchAugmentation(padding, flip, erasing, generator);
        var x = augmentation.Apply(Batch());
        CollectionAssert.AreEqual(new long[] { 16, 3, 20, 24 }, x.shape);
        return x.data<float>().ToArray();
    }

    [TestMethod]
    public void Apply_SameSeed_GivesTheSameBatch()
    {
        CollectionAssert.AreEqual(Augment(5, 4, true, 0.5), Augment(5, 4, true, 0.5));
        CollectionAssert.AreNotEqual(Augment(5, 4, true, 0.5), Augment(6, 4, true, 0.5));
    }

    [TestMethod]
    public void Apply_ErasingProbabilityZero_LeavesTheBatchUnchanged()
    {
        using var generator = new Generator(1);
        var augmentation = new BatchAugmentation(0, false, 0, generator);

        Assert.IsFalse(augmentation.IsActive);
        using var batch = Batch();
        CollectionAssert.AreEqual(batch.data<float>().ToArray(), Augment(1, 0, false, 0));
    }

    [TestMethod]
    public void Apply_ErasingProbabilityOne_ErasesOneRectangleOfTheDefaultAreaInEveryImage()
    {
        float[] x = Augment(3, 0, false, 1);
        using var result = tensor(x, new long[] { 16, 3, 20, 24 });
        using var zero = result.eq(0);

        for (int i = 0; i < 16; i++)
        {
            using var image = zero[i];
            long erased = image[0].sum().item<long>();
            Assert.IsTrue(erased >= RandomErasing.MinArea * 20 * 24 * 0.5 && erased <= RandomErasing.MaxArea * 20 * 24 * 1.5,
                $"image {i}: {erased} erased pixels");
            // Every channel is erased at the same places, and the places form a rectangle.
            Assert.IsTrue(image[0].equal(image[1]).all().item<bool>() && image[0].equal(image[2]).all().item<bool>(), $"image {i}: channels erased differently");
            long rows = image[0].any(1).sum().item<long>(), cols = image[0].any(0).sum().item<long>();
            Assert.AreEqual(rows * cols, erased, $"image {i}: the erased pixels are not one rectangle");
        }
    }

    [TestMethod]
    public void Options_ErasingProbabilityOutOfRange_NamesTheOption()
    {
        foreach (double p in new[] { -0.1, 1.5, double.NaN })
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
                () => new ResNetTrainer(new MLContext(1), new ResNetTrainer.Options { RandomErasingProbability = p }));
            Assert.AreEqual(nameof(ImageClassificationTrainerOptions.RandomErasingProbability), error.ParamName);
            StringAssert.Contains(error.Message, "between 0 and 1");
        }
    }
}
