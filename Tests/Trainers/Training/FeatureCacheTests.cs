using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers.Data;
using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>
/// The backbone's features are the input of the head module, for any architecture; a network whose logits are not its
/// head's output is refused; augmented passes are seeded apart from the run.
/// </summary>
[TestClass]
public sealed class FeatureCacheTests
{
    private static RunRecipe Recipe(int batchSize) =>
        new(KnownRecipes.FineTuning with { BatchSize = batchSize }, CropPadding: 0, Flip: true, RandomErasingProbability: 0, ResizedCropMinScale: 0.35);

    private static TrainingData Images(int count, int size)
    {
        manual_seed(3);
        return new TrainingData(rand(count, 3, size, size), arange(count, dtype: ScalarType.Int64).remainder(3), isBytes: false, skipped: 0);
    }

    [TestMethod]
    [DataRow("resnet18", 32)]
    [DataRow("cifarnet", 32)]
    [DataRow("lenet5_relu", 28)]
    public void Build_RegisteredArchitecture_CachesTheHeadsInputThatGivesTheNetworksLogits(string name, int size)
    {
        using var scope = NewDisposeScope();
        var architecture = ArchitectureRegistry.Get(name);
        manual_seed(1);
        using var network = architecture.Create(new ModelSpec(3, 3, size));
        using var data = Images(6, size);
        float[] mean = { 0.5f, 0.5f, 0.5f }, std = { 0.25f, 0.25f, 0.25f };

        using var cache = FeatureCache.Build(network, architecture.ClassifierPrefix, data, null, mean, std, Recipe(4), passes: 1, seed: 1, CPU,
            CancellationToken.None, out string? refusal);

        Assert.IsNotNull(cache, refusal);
        network.eval();
        using var noGrad = no_grad();
        var index = arange(6, dtype: ScalarType.Int64);
        var (features, labels) = cache.Take(1, index);
        var logits = cache.Head.forward(features);
        var expected = network.forward(data.Images.sub(0.5).div(0.25));
        Assert.IsTrue(logits.allclose(expected, rtol: 1e-4, atol: 1e-5), $"{name}: the head on the cached features gives the network's logits");
        CollectionAssert.AreEqual(data.Labels.data<long>().ToArray(), labels.data<long>().ToArray());
    }

    [TestMethod]
    [DataRow("resnet9", 32, "fc.")]      // rescales the logits after its head
    [DataRow("nin", 72, "features.7.")] // pools the head's maps into logits
    public void Build_NetworkWhoseLogitsAreNotItsHeadsOutput_IsRefusedWithTheReason(string name, int size, string head)
    {
        var architecture = ArchitectureRegistry.Get(name);
        manual_seed(1);
        using var network = architecture.Create(new ModelSpec(3, 3, size));
        using var data = Images(4, size);

        var cache = FeatureCache.Build(network, architecture.ClassifierPrefix, data, null, new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f }, Recipe(4), 1, 1, CPU,
            CancellationToken.None, out string? refusal);

        Assert.IsNull(cache);
        StringAssert.Contains(refusal, $"not the output of its head '{head}'");
    }

    [TestMethod]
    public void Build_AugmentedPasses_DifferFromEachOtherAndRepeatForTheSameSeed()
    {
        var architecture = ArchitectureRegistry.Get("cifarnet");
        manual_seed(1);
        using var network = architecture.Create(new ModelSpec(3, 3, 32));
        using var data = Images(4, 32);
        float[] mean = { 0f, 0f, 0f }, std = { 1f, 1f, 1f };
        float[] Features(FeatureCache cache, int epoch)
        {
            using var scope = NewDisposeScope();
            return cache.Take(epoch, arange(4, dtype: ScalarType.Int64)).X.data<float>().ToArray();
        }

        using var first = FeatureCache.Build(network, architecture.ClassifierPrefix, data, null, mean, std, Recipe(4), 2, 1, CPU, CancellationToken.None, out _)!;
        using var again = FeatureCache.Build(network, architecture.ClassifierPrefix, data, null, mean, std, Recipe(4), 2, 1, CPU, CancellationToken.None, out _)!;

        CollectionAssert.AreNotEqual(Features(first, 1), Features(first, 2), "two augmented passes");
        CollectionAssert.AreEqual(Features(first, 1), Features(first, 3), "epoch 3 uses pass 1 again");
        CollectionAssert.AreEqual(Features(first, 2), Features(again, 2), "the same seed, the same cache");
    }
}
