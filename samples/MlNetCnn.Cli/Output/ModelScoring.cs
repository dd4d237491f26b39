using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Cli.Output;

/// <summary>
/// Scoring a fitted or saved model with ML.NET only: its output has <c>Score</c> (class probabilities in key
/// order), <c>PredictedLabel</c> and <c>Label</c> (keys whose values are the class names).
/// </summary>
internal static class ModelScoring
{
    public const string ScoreColumn = "Score";
    public const string PredictedLabelColumn = "PredictedLabel";

    /// <summary>Loads a model saved with <c>mlContext.Model.Save</c>.</summary>
    public static ITransformer Load(MLContext mlContext, string path)
    {
        try
        {
            return mlContext.Model.Load(path, out _);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"'{path}' is not a model saved by ML.NET: {e.Message}", e);
        }
    }

    /// <summary>Scores <paramref name="data"/> and reports the metrics; the class names are the label's key values.</summary>
    public static ClassificationReport Evaluate(MLContext mlContext, ITransformer model, ImageDataSet data) =>
        ClassificationReport.Evaluate(mlContext, model.Transform(data.Data), ImageRow.LabelColumnName, ScoreColumn, PredictedLabelColumn);

    /// <summary>The predicted class name and its probability for every row of <paramref name="rows"/>.</summary>
    public static IReadOnlyList<(string Label, float Probability)> Predict(MLContext mlContext, ITransformer model, IEnumerable<ImageRow> rows)
    {
        IDataView scored = model.Transform(mlContext.Data.LoadFromEnumerable(rows));
        IReadOnlyList<string> names = KeyNames(scored, PredictedLabelColumn);
        uint[] keys = scored.GetColumn<uint>(PredictedLabelColumn).ToArray();
        float[][] scores = scored.GetColumn<float[]>(ScoreColumn).ToArray();
        return keys.Select((key, i) => key == 0 ? ("", float.NaN) : (names[(int)key - 1], scores[i][key - 1])).ToArray();
    }

    private static IReadOnlyList<string> KeyNames(IDataView scored, string column)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        scored.Schema[column].GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }
}
