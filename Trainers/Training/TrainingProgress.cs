namespace MlNetCnn.Trainers.Training;

/// <summary>A report after one training step.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Step">The step within the epoch, from 1.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Accuracy">Training accuracy of the epoch so far.</param>
/// <param name="LearningRate">The learning rate of this step.</param>
/// <param name="ImagesPerSecond">Training speed of the epoch so far.</param>
/// <param name="Eta">Estimated time left in the run.</param>
/// <param name="Device">The training device, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
/// <param name="Completed">
/// Null in the report after each step. Once an epoch has finished — its validation pass included — one more report
/// comes with <c>Step == Steps</c> and this set to the epoch's figures (training and validation).
/// </param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int Steps, double Loss, double Accuracy, double LearningRate,
    double ImagesPerSecond, TimeSpan Eta, string Device, EpochMetrics? Completed = null);

/// <summary>What one epoch did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training cross-entropy (label smoothing included when it is on).</param>
/// <param name="TrainAccuracy">Training accuracy (on the augmented batches as trained).</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch's training steps (validation not included), the feature pass included when the
/// epoch computed one (see <paramref name="FeatureSeconds"/>).</param>
/// <param name="ImagesPerSecond">Training images per second.</param>
/// <param name="TrainTop5Accuracy">Training top-5 accuracy; null with 5 classes or fewer.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation images; null without validation.</param>
/// <param name="ValidationAccuracy">Top-1 accuracy on the validation images; null without validation.</param>
/// <param name="ValidationTop5Accuracy">Top-5 accuracy on the validation images; null without validation or with 5 classes or fewer.</param>
/// <param name="FeatureSeconds">The part of <paramref name="Seconds"/> spent computing the frozen backbone's cached features
/// (training and validation images); null when the epoch computed none.</param>
/// <param name="ValidationSeconds">Wall time of the validation pass after the epoch; null without validation.</param>
public sealed record EpochMetrics(
    int Epoch, double TrainLoss, double TrainAccuracy, double LearningRate, double Seconds, double ImagesPerSecond,
    double? TrainTop5Accuracy = null, double? ValidationLoss = null, double? ValidationAccuracy = null, double? ValidationTop5Accuracy = null,
    double? FeatureSeconds = null, double? ValidationSeconds = null)
{
    /// <summary>The value of <paramref name="metric"/> this epoch, or null without validation (or without top-5).</summary>
    public double? Validation(ValidationMetric metric) => metric switch
    {
        ValidationMetric.Accuracy => ValidationAccuracy,
        ValidationMetric.Loss => ValidationLoss,
        ValidationMetric.Top5Accuracy => ValidationTop5Accuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown validation metric."),
    };
}
