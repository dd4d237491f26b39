using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Pipelines.Reports;

public sealed partial class ClassificationReport
{
    /// <summary>
    /// Evaluates predictions made outside ML.NET's <c>Transform</c> — for example by the bulk <c>ImageClassifierScorer</c> — with
    /// the same evaluator: the rows become a data view with the label and predicted label as keys over
    /// <paramref name="classNames"/>, then <see cref="Evaluate(MLContext, IDataView, string, string, string, int)"/> runs.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="classNames">The model's class names in key order: the order of every row's scores.</param>
    /// <param name="rows">The true class name of each image (null or a name not in <paramref name="classNames"/> leaves the row
    /// out, as a missing key does) and its prediction; failed predictions (images that could not be decoded) are left out.</param>
    /// <param name="topK">The k of <see cref="TopKAccuracy"/>, at least 1.</param>
    /// <exception cref="ArgumentException">A row's scores do not have one value per class; the message names the row.</exception>
    /// <exception cref="InvalidOperationException">No row has a known label.</exception>
    public static ClassificationReport Evaluate(MLContext mlContext, IReadOnlyList<string> classNames,
        IEnumerable<(string? Label, ImagePrediction Prediction)> rows, int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(rows);
        var scored = rows.Where(row => row.Prediction.Succeeded).Select(row => new ScoredRow
        {
            Label = row.Label ?? "",
            Score = row.Prediction.Scores.Length == classNames.Count ? row.Prediction.Scores : throw new ArgumentException(
                $"Row {row.Prediction.Row} has {row.Prediction.Scores.Length} scores; expected {classNames.Count}, one per class.", nameof(rows)),
            PredictedLabel = classNames[row.Prediction.PredictedIndex],
        });
        var schema = SchemaDefinition.Create(typeof(ScoredRow));
        schema[nameof(ScoredRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classNames.Count);
        IDataView data = mlContext.Data.LoadFromEnumerable(scored.ToList(), schema);
        var keys = mlContext.Data.LoadFromEnumerable(classNames.Select(name => new KeyText { Label = name }));
        var keyed = mlContext.Transforms.Conversion.MapValueToKey(nameof(ScoredRow.Label), keyData: keys)
            .Append(mlContext.Transforms.Conversion.MapValueToKey(nameof(ScoredRow.PredictedLabel), keyData: keys))
            .Fit(data).Transform(data);
        return Evaluate(mlContext, keyed, nameof(ScoredRow.Label), nameof(ScoredRow.Score), nameof(ScoredRow.PredictedLabel), topK);
    }

    private sealed class ScoredRow
    {
        public string Label { get; set; } = "";

        public float[] Score { get; set; } = [];

        public string PredictedLabel { get; set; } = "";
    }

    /// <summary>The key data: one column of class names.</summary>
    private sealed class KeyText
    {
        public string Label { get; set; } = "";
    }
}
