namespace MlNetCnn.Trainers.Training;

/// <summary>How the learning rate changes over a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout.</summary>
    Constant,

    /// <summary>Cosine annealing from the rate to zero over the run, step by step.</summary>
    Cosine,
}

/// <summary>The learning rate of each step.</summary>
internal static class LearningRates
{
    public static double At(LearningRateSchedule schedule, double baseRate, long step, long totalSteps) => schedule switch
    {
        LearningRateSchedule.Constant => baseRate,
        LearningRateSchedule.Cosine => baseRate * 0.5 * (1 + Math.Cos(Math.PI * step / Math.Max(1, totalSteps))),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown learning-rate schedule."),
    };
}
