using Microsoft.ML;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>A run whose loss stops being finite ends at that step with an error that names it, and never trains on it.</summary>
[TestClass]
public sealed class DivergenceTests
{
    private static readonly string[] Classes = { "a", "b", "c" };

    [TestMethod]
    public void Fit_HugeLearningRate_StopsAtTheFirstNonFiniteLossNamingEpochStepAndRate()
    {
        var ml = new MLContext(1);
        var data = TensorRow.Load(ml, 48, Classes, seed: 5);
        data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var options = new CnnTrainer.Options
        {
            Architecture = "densenet_cifar", Epochs = 2, BatchSize = 8, LearningRate = 1e30, LearningRateSchedule = LearningRateSchedule.Constant,
        };

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new CnnTrainer(ml, options).Fit(data));

        Assert.AreEqual(1, error.Epoch);
        Assert.IsGreaterThan(1, error.Step, "the first step's loss is finite: the weights are still the initial ones");
        Assert.AreEqual(1e30, error.LearningRate);
        Assert.IsFalse(double.IsFinite(error.Loss));
        StringAssert.Contains(error.Message, $"epoch 1, step {error.Step} of 6");
        StringAssert.Contains(error.Message, "learning rate 1E+30");
        StringAssert.Contains(error.Message, "lower learning rate");
        var diverged = error.History[^1];
        Assert.AreEqual(1, diverged.Epoch);
        Assert.IsTrue(double.IsNaN(diverged.TrainLoss));
    }
}
