using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>Mixup: each image blended with one other of its batch by one weight, the loss blended the same way, seeded.</summary>
[TestClass]
public sealed class MixupTests
{
    /// <summary>A batch of 8 images whose every pixel is the image's index, and labels equal to the index.</summary>
    private static (Tensor X, Tensor Y) Batch() =>
        (arange(8, dtype: ScalarType.Float32).view(8, 1, 1, 1).expand(8, 3, 4, 4).contiguous(), arange(8, dtype: ScalarType.Int64));

    [TestMethod]
    public void Apply_BlendsEachImageWithTheImageOfItsOtherTarget()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var (x, y) = Batch();

        var (mixed, targets) = new Mixup(0.4, generator).Apply(x, y);

        Assert.IsTrue(targets.Weight is >= 0 and <= 1, $"weight {targets.Weight}");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 8).Select(i => (long)i).ToArray(), targets.Other.data<long>().ToArray());
        var other = targets.Other.data<long>().ToArray();
        var pixels = mixed.data<float>().ToArray();
        for (int i = 0; i < 8; i++)
        {
            float expected = (float)((1 - targets.Weight) * i + targets.Weight * other[i]);
            for (int p = 0; p < 48; p++) Assert.AreEqual(expected, pixels[i * 48 + p], 1e-5f, $"image {i}, pixel {p}");
        }
    }

    [TestMethod]
    public void Apply_SameSeed_GivesTheSameBatch_AndAnotherSeedAnotherOne()
    {
        float[] Mix(ulong seed)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(seed);
            var (x, y) = Batch();
            return new Mixup(0.4, generator).Apply(x, y).X.data<float>().ToArray();
        }

        CollectionAssert.AreEqual(Mix(7), Mix(7));
        CollectionAssert.AreNotEqual(Mix(7), Mix(8));
    }

    [TestMethod]
    public void IsActive_OnlyWithAlphaAboveZero()
    {
        Assert.IsFalse(new Mixup(0, null).IsActive);
        Assert.IsTrue(new Mixup(0.2, null).IsActive);
    }

    [TestMethod]
    public void Loss_OfAMixedBatch_BlendsTheLossesAgainstBothTargets()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, 0, -1, 0.5f, 1, 3 }).view(2, 3);
        var y = tensor(new long[] { 0, 2 });
        var other = tensor(new long[] { 1, 0 });

        double mixed = TrainingStep.Loss(logits, y, 0.1, new MixedTargets(other, 0.3)).item<float>();
        double first = TrainingStep.Loss(logits, y, 0.1).item<float>();
        double second = TrainingStep.Loss(logits, other, 0.1).item<float>();

        Assert.AreEqual(0.7 * first + 0.3 * second, mixed, 1e-5);
    }

    [TestMethod]
    public void Options_NegativeAlpha_IsRefusedNamingTheOption()
    {
        var options = new ResNetTrainer.Options { MixupAlpha = -0.1 };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.AreEqual(nameof(ResNetTrainer.Options.MixupAlpha), error.ParamName);
        StringAssert.Contains(error.Message, "0 or more");
    }
}
