using MlNetCnn.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>The random resized crop keeps the batch's shape, draws from the run's generator, and crops only when asked.</summary>
[TestClass]
public sealed class RandomResizedCropTests
{
    private const int Side = 24;

    private static float[] Crop(int seed, double minScale = 0.35)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var x = new BatchAugmentation(0, false, 0, generator, resizedCropMinScale: minScale).Apply(Batch());
        CollectionAssert.AreEqual(new long[] { 8, 3, Side, Side }, x.shape);
        Assert.AreEqual(ScalarType.Float32, x.dtype);
        return x.data<float>().ToArray();
    }

    [TestMethod]
    public void Apply_SameSeed_GivesTheSameCropsInTheInputShape()
    {
        CollectionAssert.AreEqual(Crop(3), Crop(3));
    }

    [TestMethod]
    public void Apply_AnotherSeed_GivesOtherCrops()
    {
        CollectionAssert.AreNotEqual(Crop(3), Crop(4));
    }

    [TestMethod]
    public void Apply_Crops_ChangeTheImagesWithinTheirValueRange()
    {
        using var batch = Batch();
        float[] original = batch.data<float>().ToArray(), cropped = Crop(3);

        CollectionAssert.AreNotEqual(original, cropped);
        // Bilinear interpolation of a crop stays within the image's values.
        Assert.IsTrue(cropped.Min() >= original.Min() - 1e-5f && cropped.Max() <= original.Max() + 1e-5f);
    }

    [TestMethod]
    public void Apply_ScaleOne_IsOffAndDrawsNothing()
    {
        using var generator = new Generator(1);
        var augmentation = new BatchAugmentation(0, false, 0, generator, resizedCropMinScale: 1);

        Assert.IsFalse(augmentation.IsActive);
        using var expected = new Generator(1);
        Assert.AreEqual(rand(1, generator: expected).item<float>(), rand(1, generator: generator).item<float>());
    }

    [TestMethod]
    public void Draw_EveryRectangle_FitsTheImageWithTheAreaAndAspectAsked()
    {
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            float[] u = Enumerable.Range(0, RandomRectangle.Draws).Select(_ => (float)random.NextDouble()).ToArray();
            var (top, left, h, w) = RandomRectangle.Draw(u, Side, Side, 0.35, 1, RandomResizedCrop.MinAspect, RandomResizedCrop.MaxAspect, mayFillSide: true)
                ?? (0, 0, Side, Side);

            Assert.IsTrue(top >= 0 && left >= 0 && top + h <= Side && left + w <= Side, $"{top},{left},{h},{w}");
            Assert.IsTrue(h * w >= 0.3 * Side * Side, $"area {h * w}");
        }
    }

    /// <summary>8 images 3×24×24 with distinct values, so that any crop changes them.</summary>
    private static Tensor Batch() => arange(8 * 3 * Side * Side, dtype: ScalarType.Float32).view(8, 3, Side, Side).div(1000);
}
