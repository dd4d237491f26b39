using MlNetCnn.Models.IO;
using System.Globalization;
using System.Text;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>
/// A run's per-epoch metrics (<see cref="EpochMetrics"/>, e.g. <c>ImageClassificationTransformer.History</c>) as CSV
/// or JSON files, written atomically.
/// </summary>
/// <remarks>
/// Both formats have the same fields, named in lower_snake case (<see cref="FieldNames"/>) and in the same order. A
/// figure the run did not measure (validation without validation images, top-5 with 5 classes or fewer) is an empty
/// cell in CSV and is left out in JSON. Numbers are written in the invariant culture with all their digits; a loss that
/// is not finite is <c>NaN</c> or <c>Infinity</c> in CSV and null in JSON (which has no such numbers).
/// </remarks>
public static class TrainingHistory
{
    private static readonly (string Name, Func<EpochMetrics, double?> Value)[] Fields =
    [
        ("epoch", e => e.Epoch),
        ("train_loss", e => e.TrainLoss),
        ("train_accuracy", e => e.TrainAccuracy),
        ("train_top5_accuracy", e => e.TrainTop5Accuracy),
        ("validation_loss", e => e.ValidationLoss),
        ("validation_accuracy", e => e.ValidationAccuracy),
        ("validation_top5_accuracy", e => e.ValidationTop5Accuracy),
        ("learning_rate", e => e.LearningRate),
        ("seconds", e => e.Seconds),
        ("images_per_second", e => e.ImagesPerSecond),
        ("feature_seconds", e => e.FeatureSeconds),
        ("validation_seconds", e => e.ValidationSeconds),
    ];

    /// <summary>The field names: the CSV header and the JSON property names, in order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = Fields.Select(f => f.Name).ToArray();

    /// <summary>The history as CSV: a header row, then one row per epoch.</summary>
    /// <param name="history">The epochs, in order.</param>
    public static string ToCsv(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var text = new StringBuilder().AppendJoin(',', FieldNames).Append('\n');
        foreach (EpochMetrics epoch in history)
            text.AppendJoin(',', Fields.Select(f => f.Value(epoch)?.ToString("R", CultureInfo.InvariantCulture) ?? "")).Append('\n');
        return text.ToString();
    }

    /// <summary>The history as an indented JSON array with one object per epoch.</summary>
    /// <param name="history">The epochs, in order.</param>
    public static string ToJson(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return ReportJson.Write(json =>
        {
            json.WriteStartArray();
            foreach (EpochMetrics epoch in history)
            {
                json.WriteStartObject();
                foreach (var (name, value) in Fields)
                    if (value(epoch) is { } number)
                        ReportJson.WriteNumber(json, name, number);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    /// <param name="path">The file to write, e.g. <c>history.csv</c>.</param>
    /// <param name="history">The epochs, in order.</param>
    public static void SaveCsv(string path, IReadOnlyList<EpochMetrics> history) => AtomicFile.WriteText(path, ToCsv(history));

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    /// <param name="path">The file to write, e.g. <c>history.json</c>.</param>
    /// <param name="history">The epochs, in order.</param>
    public static void SaveJson(string path, IReadOnlyList<EpochMetrics> history) => AtomicFile.WriteText(path, ToJson(history));
}
