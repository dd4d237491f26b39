namespace MlNetCnn.Models.Recipes;

/// <summary>How the learning rate changes over a run. Every schedule can start with a linear warm-up (<c>WarmupEpochs</c>).</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout.</summary>
    Constant,

    /// <summary>Cosine annealing from the rate to zero over the run, step by step.</summary>
    Cosine,

    /// <summary>The rate times <c>LearningRateDecay</c> every <c>LearningRateStepEpochs</c> epochs (torch's <c>StepLR</c>).</summary>
    Step,

    /// <summary>
    /// One cycle (torch's <c>OneCycleLR</c> with its defaults): a cosine ramp from the rate / 25 up to the rate over the first
    /// 30 % of the steps, then cosine annealing down to the rate / 250 000.
    /// </summary>
    OneCycle,
}
