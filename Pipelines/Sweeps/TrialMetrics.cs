namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// What a trial's model scores on the sweep's validation images, at a rung or at the end: the model as the trainer returns it
/// (the best epoch's weights so far when validation picks them).
/// </summary>
/// <param name="Epoch">Epochs trained when measured.</param>
/// <param name="Accuracy">Top-1 accuracy.</param>
/// <param name="AccuracyLow">Lower end of the 95 % Wilson interval of <paramref name="Accuracy"/>.</param>
/// <param name="AccuracyHigh">Upper end of that interval.</param>
/// <param name="MacroAccuracy">Mean per-class accuracy.</param>
/// <param name="MacroAccuracyLow">Lower end of its 95 % interval (normal approximation over the per-class accuracies).</param>
/// <param name="MacroAccuracyHigh">Upper end of that interval.</param>
/// <param name="LogLoss">Mean cross-entropy.</param>
/// <param name="Top5Accuracy">Top-5 accuracy; null with 5 classes or fewer.</param>
/// <param name="ValidationImages">Images scored.</param>
/// <param name="ValidationCurve">Validation accuracy after each epoch so far, for the curves chart.</param>
public sealed record TrialMetrics(
    int Epoch, double Accuracy, double AccuracyLow, double AccuracyHigh, double MacroAccuracy, double MacroAccuracyLow, double MacroAccuracyHigh,
    double LogLoss, double? Top5Accuracy, long ValidationImages, IReadOnlyList<double?> ValidationCurve)
{
    /// <summary>The value of <paramref name="metric"/>, oriented so that higher is better (the loss negated).</summary>
    public double Objective(SweepMetric metric) => metric switch
    {
        SweepMetric.Accuracy => Accuracy,
        SweepMetric.MacroAccuracy => MacroAccuracy,
        SweepMetric.Loss => -LogLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown sweep metric."),
    };

    /// <summary>The value of <paramref name="metric"/> as reported (the loss as it is).</summary>
    public double Value(SweepMetric metric) => metric == SweepMetric.Loss ? LogLoss : Objective(metric);
}

/// <summary>What a completed trial's model costs.</summary>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="MultiplyAdds">Multiply-adds per image.</param>
/// <param name="OnnxBytes">Size of the exported ONNX scoring graph.</param>
/// <param name="LatencyMilliseconds">Median single-image latency on ONNX Runtime (CPU, one intra-op thread), after warm-up.</param>
/// <param name="TrainSeconds">Training wall time over all of the trial's sessions (every rung).</param>
/// <param name="ImagesPerSecond">Training images per second (mean over the epochs).</param>
/// <param name="PeakMemoryMegabytes">Peak resident memory of the process that trained it (the worker's; in-process trials share the sweep's process).</param>
/// <param name="Device">Where it trained, e.g. <c>cpu</c> or <c>cuda:1</c>.</param>
public sealed record TrialCost(
    long Parameters, long MultiplyAdds, long OnnxBytes, double LatencyMilliseconds, double TrainSeconds, double ImagesPerSecond,
    double PeakMemoryMegabytes, string Device);
