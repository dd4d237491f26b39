using System.Globalization;
using MlNetCnn.Trainers.Training;
using static System.FormattableString;

namespace MlNetCnn.Cli.Display;

/// <summary>
/// The text of training progress, in the invariant culture so that scripts can read it:
/// <c>epoch 3/10  step 40/391  loss 1.2345  accuracy 45.6%  lr 0.0467  1,234 images/s  ETA 0:01:23</c> during an epoch and
/// <c>epoch 3/10  train loss 1.2345 accuracy 45.6%  validation loss 1.1234 accuracy 50.1%  lr 0.0467  1,234 images/s  ETA 0:01:23  [cpu]</c>
/// at its end (the validation part only with validation figures).
/// </summary>
internal static class ProgressLines
{
    /// <summary><c>epoch 3/10</c>.</summary>
    public static string EpochLabel(TrainingProgress p) => Invariant($"epoch {p.Epoch}/{p.Epochs}");

    /// <summary>A line during an epoch: the label, <c>step</c> and <see cref="StepFigures"/>.</summary>
    public static string Step(TrainingProgress p) => $"{EpochLabel(p)}  step {StepFigures(p)}";

    /// <summary><c>40/391  loss 1.2345  accuracy 45.6%  lr 0.0467  1,234 images/s  ETA 0:01:23</c>.</summary>
    public static string StepFigures(TrainingProgress p) =>
        Invariant($"{p.Step}/{p.Steps}  loss {p.Loss:F4}  accuracy {Percent(p.Accuracy)}  {Pace(p)}");

    /// <summary>
    /// The line at the end of an epoch: training loss and accuracy from its last report <paramref name="last"/>, the
    /// validation loss and accuracy of <paramref name="scored"/> when there are any, the pace and the device.
    /// </summary>
    public static string EpochEnd(TrainingProgress last, EpochMetrics? scored = null)
    {
        string validation = scored is { ValidationLoss: { } loss, ValidationAccuracy: { } accuracy }
            ? Invariant($"  validation loss {loss:F4} accuracy {Percent(accuracy)}")
            : "";
        return Invariant($"{EpochLabel(last)}  train loss {last.Loss:F4} accuracy {Percent(last.Accuracy)}{validation}  {Pace(last)}  [{last.Device}]");
    }

    /// <summary>Whether <paramref name="step"/> is the first step past a tenth of the epoch (10 %, 20 %, ...).</summary>
    public static bool EndsATenth(int step, int steps) => step * 10 / steps > (step - 1) * 10 / steps;

    private static string Pace(TrainingProgress p) =>
        Invariant($"lr {Rate(p.LearningRate)}  {p.ImagesPerSecond:N0} images/s  ETA {(int)p.Eta.TotalHours}:{p.Eta.Minutes:D2}:{p.Eta.Seconds:D2}");

    /// <summary>Three significant digits, exponent in lower case: <c>0.05</c>, <c>0.000308</c>, <c>7.71e-05</c>.</summary>
    private static string Rate(double rate) => rate.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static string Percent(double fraction) => Invariant($"{fraction * 100:F1}%");
}
