using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Data;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Trainers.Training.Checkpoints;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>
/// While the backbone is frozen and its features cached, the training loop validates the head alone on cached validation
/// features: the backbone sees each validation image once (in the feature pass), and the figures are those of the whole
/// network in evaluation mode.
/// </summary>
[TestClass]
public sealed class HeadOnlyValidationTests
{
    private const int Size = 16, Classes = 3, TrainRows = 24, ValidationRows = 12;

    [TestMethod]
    [DataRow(true, 3, DisplayName = "cached: the feature pass only")]
    [DataRow(false, 3, DisplayName = "not cached: every epoch")]
    public void Run_FrozenEpochs_RunTheBackboneOnValidationRowsOnceWhenCached(bool cache, int epochs)
    {
        var (network, history, backboneRows) = Train(cache, epochs);
        using (network)
        {
            // Before training, the layout probe (MemoryLayout.ChooseChannelsLast) runs two images through in each of two layouts.
            const long probeRows = 4;
            long expected = probeRows + (cache ? TrainRows + ValidationRows : (long)epochs * (TrainRows + ValidationRows));
            Assert.AreEqual(expected, backboneRows, "images through the backbone (conv1)");
            Assert.IsTrue(history.All(m => m.ValidationAccuracy is not null && m.ValidationSeconds is not null), "every epoch is validated and timed");
            Assert.AreEqual(cache ? 1 : 0, history.Count(m => m.FeatureSeconds is not null), "the feature pass is timed in the epoch that made it");
        }
    }

    [TestMethod]
    public void Run_FrozenEpochsOnCachedFeatures_ReportTheWholeNetworksValidationFigures()
    {
        var (network, history, _) = Train(cache: true, epochs: 2);
        using (network)
        using (var validation = Images(ValidationRows, seed: 5))
        using (var pass = new ValidationPass(validation, Mean, Std, batchSize: 8, Classes, CPU))
        {
            var whole = pass.Score(network, CancellationToken.None);

            Assert.AreEqual(whole.Accuracy, history[^1].ValidationAccuracy!.Value, 1e-9);
            Assert.AreEqual(whole.Loss, history[^1].ValidationLoss!.Value, 1e-5);
        }
    }

    private static readonly float[] Mean = { 0.5f, 0.5f, 0.5f }, Std = { 0.25f, 0.25f, 0.25f };

    private static TrainingData Images(int count, int seed)
    {
        manual_seed(seed);
        return new TrainingData(rand(count, 3, Size, Size), arange(count, dtype: ScalarType.Int64).remainder(Classes), isBytes: false, skipped: 0);
    }

    /// <summary>Trains cifarnet with every epoch frozen; counts the images its first convolution (the backbone) sees.</summary>
    private static (nn.Module<Tensor, Tensor> Network, IReadOnlyList<EpochMetrics> History, long BackboneRows) Train(bool cache, int epochs)
    {
        var architecture = ArchitectureRegistry.Get("cifarnet");
        var options = new CnnTrainer.Options { Architecture = "cifarnet", Epochs = epochs, BatchSize = 8, Device = TrainingDevice.Cpu };
        var recipe = new RunRecipe(KnownRecipes.FineTuning with { BatchSize = 8, FreezeBackboneEpochs = epochs, CacheBackboneFeatures = cache },
            CropPadding: 0, Flip: false, RandomErasingProbability: 0);
        manual_seed(1);
        var network = architecture.Create(new ModelSpec(3, Classes, Size));
        long rows = 0;
        var conv1 = network.named_modules().Single(m => m.name == "conv1").module as nn.Module<Tensor, Tensor>;
        var hook = conv1!.register_forward_hook((_, input, output) =>
        {
            rows += input.shape[0];
            return output;
        });
        var ml = new MLContext(seed: 1);
        using var channel = ((IHostEnvironment)ml).Register("test").Start("test");
        using var train = Images(TrainRows, seed: 3);
        using var validation = Images(ValidationRows, seed: 5);
        var identity = new CheckpointIdentity("cifarnet", 3, Size, Size, Classes, 8, "Sgd", TrainRows, ValidationRows);

        var result = new TrainingLoop(options, recipe, DeviceSelection.Select(TrainingDevice.Cpu), channel)
            .Run(network, train, validation, Classes, Mean, Std, architecture.ClassifierPrefix, identity);

        hook.remove();
        return (network, result.History, rows);
    }
}
