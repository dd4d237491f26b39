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
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int Steps, double Loss, double Accuracy, double LearningRate,
    double ImagesPerSecond, TimeSpan Eta, string Device);

/// <summary>What one epoch did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training cross-entropy.</param>
/// <param name="TrainAccuracy">Training accuracy (on the augmented batches as trained).</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="ImagesPerSecond">Training images per second.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double LearningRate, double Seconds, double ImagesPerSecond);
