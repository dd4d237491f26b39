using System.Globalization;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Training stopped because a step's loss was not a finite number (NaN or infinity): the step was not applied, so the
/// network never trained on it. <see cref="History"/> holds every finished epoch and, last, the diverged epoch up to the
/// step before (with a NaN loss); the last checkpoint written, if any, is the state before the divergence.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the given step.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="step">The step within the epoch, from 1.</param>
    /// <param name="steps">Steps per epoch.</param>
    /// <param name="learningRate">The learning rate of the step.</param>
    /// <param name="loss">The non-finite loss.</param>
    /// <param name="history">The run's epochs, the diverged one last.</param>
    public TrainingDivergedException(int epoch, int step, int steps, double learningRate, double loss, IReadOnlyList<EpochMetrics> history)
        : base(Describe(epoch, step, steps, learningRate, loss))
    {
        Epoch = epoch;
        Step = step;
        LearningRate = learningRate;
        Loss = loss;
        History = history;
    }

    private static string Describe(int epoch, int step, int steps, double learningRate, double loss) => string.Create(CultureInfo.InvariantCulture,
        $"Training diverged at epoch {epoch}, step {step} of {steps}: the loss is {loss} at learning rate {learningRate:G4}. The step was not applied and training stopped. Try a lower learning rate (LearningRate, --lr; e.g. {learningRate / 4:G3}), a warm-up (WarmupEpochs, --warmup-epochs) or gradient clipping (GradientClipNorm, --clip-grad-norm).");

    /// <summary>The epoch of the diverged step, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The diverged step within its epoch, from 1.</summary>
    public int Step { get; }

    /// <summary>The learning rate of the diverged step.</summary>
    public double LearningRate { get; }

    /// <summary>The loss of the diverged step: NaN or an infinity.</summary>
    public double Loss { get; }

    /// <summary>Every finished epoch and, last, the diverged epoch's figures up to the step before, with a NaN loss.</summary>
    public IReadOnlyList<EpochMetrics> History { get; }
}
