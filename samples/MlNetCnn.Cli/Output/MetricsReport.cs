using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.Data;

namespace MlNetCnn.Cli.Output;

/// <summary>The content of metrics.json (field names as in ../shared/CLI.md).</summary>
internal sealed record MetricsReport(
    double Accuracy,
    double MacroAccuracy,
    double LogLoss,
    IReadOnlyDictionary<string, double> PerClassAccuracy,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<IReadOnlyList<long>> Confusion,
    long EvaluatedImages,
    string EvaluatedOn,
    double? TrainSeconds,
    int? EpochsRun,
    int? BestEpoch,
    string? Device,
    string? ScoringDevice,
    double? TrainImagesPerSecond)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The report of <paramref name="metrics"/>, whose confusion-matrix rows are the true classes in key order
    /// (<paramref name="classNames"/>), and of <paramref name="training"/> when the model was trained in this run.
    /// </summary>
    public static MetricsReport From(
        MulticlassClassificationMetrics metrics, IReadOnlyList<string> classNames, string evaluatedOn, TrainingSummary? training)
    {
        IReadOnlyList<IReadOnlyList<long>> confusion = metrics.ConfusionMatrix.Counts
            .Select(row => (IReadOnlyList<long>)row.Select(c => (long)Math.Round(c)).ToArray())
            .ToArray();
        if (confusion.Count != classNames.Count)
            throw new InvalidOperationException(
                $"The confusion matrix has {confusion.Count} rows, expected one per class ({classNames.Count}).");
        var perClass = new Dictionary<string, double>();
        for (int i = 0; i < classNames.Count; i++)
        {
            long total = confusion[i].Sum();
            perClass[classNames[i]] = total == 0 ? double.NaN : (double)confusion[i][i] / total;
        }
        return new MetricsReport(
            metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, perClass, classNames, confusion,
            confusion.Sum(row => row.Sum()), evaluatedOn,
            training?.TrainSeconds, training?.History.Count, training?.BestEpoch, training?.TrainingDevice,
            training?.ScoringDevice, training?.ImagesPerSecond);
    }

    /// <summary>Writes the report as indented JSON.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + Environment.NewLine);

    /// <summary>One line for stdout.</summary>
    public override string ToString() =>
        $"accuracy {Accuracy:F4}  macro_accuracy {MacroAccuracy:F4}  log_loss {LogLoss:F4}  ({EvaluatedImages:N0} {EvaluatedOn} images)";
}
