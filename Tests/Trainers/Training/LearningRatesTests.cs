using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>The learning rate of chosen steps of each schedule, with and without warm-up: 10 steps an epoch, 100 in the run.</summary>
[TestClass]
public sealed class LearningRatesTests
{
    private const long StepsPerEpoch = 10, TotalSteps = 100;

    [TestMethod]
    [DataRow(LearningRateSchedule.Constant, 0L, 0.1)]
    [DataRow(LearningRateSchedule.Constant, 99L, 0.1)]
    [DataRow(LearningRateSchedule.Cosine, 0L, 0.1)]
    [DataRow(LearningRateSchedule.Cosine, 50L, 0.05)]
    [DataRow(LearningRateSchedule.Cosine, 100L, 0.0)]
    [DataRow(LearningRateSchedule.Step, 19L, 0.1)]
    [DataRow(LearningRateSchedule.Step, 20L, 0.01)]
    [DataRow(LearningRateSchedule.Step, 45L, 0.001)]
    [DataRow(LearningRateSchedule.OneCycle, 0L, 0.1 / 25)]
    [DataRow(LearningRateSchedule.OneCycle, 15L, (0.1 + 0.1 / 25) / 2)]
    [DataRow(LearningRateSchedule.OneCycle, 30L, 0.1)]
    [DataRow(LearningRateSchedule.OneCycle, 65L, (0.1 + 0.1 / 25 / 1e4) / 2)]
    [DataRow(LearningRateSchedule.OneCycle, 100L, 0.1 / 25 / 1e4)]
    public void At_NoWarmup_FollowsTheSchedule(LearningRateSchedule schedule, long step, double expected)
    {
        var rates = new LearningRates(schedule, 0.1, Decay: 0.1, StepEpochs: 2);
        Assert.AreEqual(expected, rates.At(step, StepsPerEpoch, TotalSteps), 1e-12);
    }

    [TestMethod]
    [DataRow(0L, 0.1 / 20)]
    [DataRow(9L, 0.1 * 10 / 20)]
    [DataRow(19L, 0.1)]
    [DataRow(20L, 0.1)]
    public void At_TwoEpochsOfWarmup_RisesLinearlyToTheConstantRate(long step, double expected)
    {
        var rates = new LearningRates(LearningRateSchedule.Constant, 0.1, WarmupEpochs: 2);
        Assert.AreEqual(expected, rates.At(step, StepsPerEpoch, TotalSteps), 1e-12);
    }

    [TestMethod]
    public void At_HalfAnEpochOfWarmup_ScalesTheCosineRateOverFiveSteps()
    {
        var rates = new LearningRates(LearningRateSchedule.Cosine, 0.1, WarmupEpochs: 0.5);
        var cosine = new LearningRates(LearningRateSchedule.Cosine, 0.1);

        Assert.AreEqual(cosine.At(2, StepsPerEpoch, TotalSteps) * 3 / 5, rates.At(2, StepsPerEpoch, TotalSteps), 1e-12);
        Assert.AreEqual(cosine.At(5, StepsPerEpoch, TotalSteps), rates.At(5, StepsPerEpoch, TotalSteps), 1e-12);
    }
}
