using MlNetCnn.Pipelines.Sweeps.Reports;
using Microsoft.ML;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>Scores a trial's model on the sweep's validation rows: the figures a sweep ranks it by, with their intervals.</summary>
internal static class TrialEvaluation
{
    public static TrialMetrics Measure(MLContext mlContext, ImageClassificationTransformer model, TrialData data)
    {
        var report = ClassificationReport.Evaluate(mlContext, model.Transform(data.Validation), data.LabelColumnName);
        var (low, high) = Intervals.WilsonInterval((long)Math.Round(report.Accuracy * report.ImageCount), report.ImageCount);
        var (macroLow, macroHigh) = Intervals.MacroAccuracyInterval(report.PerClassAccuracy, report.ClassImageCounts);
        var history = model.History;
        return new TrialMetrics(
            history.Count == 0 ? 0 : history[^1].Epoch, report.Accuracy, low, high, report.MacroAccuracy, macroLow, macroHigh, report.LogLoss,
            report.TopK == ClassificationReport.DefaultTopK ? report.TopKAccuracy : null, report.ImageCount,
            history.Select(e => e.ValidationAccuracy).ToArray());
    }
}
