using MlNetCnn.Models.Recipes;

namespace MlNetCnn.Trainers.Training;

/// <summary>The learning rate of each step: a schedule with its settings, a pure function of the step.</summary>
/// <param name="Schedule">The shape of the curve.</param>
/// <param name="PeakRate">The options' <c>LearningRate</c>: the starting rate, and the peak of <see cref="LearningRateSchedule.OneCycle"/>.</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up from near zero to the schedule's value; 0 for none.</param>
/// <param name="Decay">The factor of <see cref="LearningRateSchedule.Step"/>.</param>
/// <param name="StepEpochs">The period of <see cref="LearningRateSchedule.Step"/>, in epochs.</param>
internal sealed record LearningRates(LearningRateSchedule Schedule, double PeakRate, double WarmupEpochs = 0, double Decay = 0.1, int StepEpochs = 30)
{
    /// <summary>The part of a one-cycle run spent rising to the peak.</summary>
    internal const double OneCyclePeakFraction = 0.3;

    /// <summary>A one-cycle run starts at the peak divided by this.</summary>
    internal const double OneCycleStartDivisor = 25;

    /// <summary>A one-cycle run ends at its start divided by this.</summary>
    internal const double OneCycleEndDivisor = 1e4;

    /// <summary>The rate of the zero-based <paramref name="step"/> of a run of <paramref name="totalSteps"/> steps.</summary>
    public double At(long step, long stepsPerEpoch, long totalSteps)
    {
        double rate = Scheduled(step, stepsPerEpoch, Math.Max(1, totalSteps));
        double warmupSteps = Math.Max(1, WarmupEpochs * stepsPerEpoch);
        return WarmupEpochs > 0 && step < warmupSteps ? rate * (step + 1) / warmupSteps : rate;
    }

    private double Scheduled(long step, long stepsPerEpoch, long totalSteps) => Schedule switch
    {
        LearningRateSchedule.Constant => PeakRate,
        LearningRateSchedule.Cosine => PeakRate * CosineFrom1To0((double)step / totalSteps),
        LearningRateSchedule.Step => PeakRate * Math.Pow(Decay, step / Math.Max(1, stepsPerEpoch) / StepEpochs),
        LearningRateSchedule.OneCycle => OneCycle((double)step / totalSteps),
        _ => throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "Unknown learning-rate schedule."),
    };

    private double OneCycle(double progress)
    {
        double start = PeakRate / OneCycleStartDivisor, end = start / OneCycleEndDivisor;
        return progress < OneCyclePeakFraction
            ? PeakRate + (start - PeakRate) * CosineFrom1To0(progress / OneCyclePeakFraction)
            : end + (PeakRate - end) * CosineFrom1To0((progress - OneCyclePeakFraction) / (1 - OneCyclePeakFraction));
    }

    /// <summary>1 at 0, 0 at 1, along half a cosine.</summary>
    private static double CosineFrom1To0(double t) => 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1)));
}
