using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Cli.Output;

/// <summary>Loading a saved model, and evaluating a fitted or saved one in batches with the bulk <see cref="ImageClassifierScorer"/>.</summary>
internal static class ModelScoring
{
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

    /// <summary>
    /// Scores <paramref name="data"/> with the bulk scorer (batches of <paramref name="batchSize"/>, images decoded in parallel)
    /// and reports the metrics against the data's labels; the first image that cannot be decoded stops the run, naming its row.
    /// </summary>
    public static ClassificationReport EvaluateInBatches(MLContext mlContext, ITransformer model, ImageDataSet data, int? batchSize,
        ScoringDisplay display, CancellationToken cancellation)
    {
        using var scorer = mlContext.Model.CreateImageClassifierScorer(model, ScorerOptions(batchSize, stopOnFirstError: true));
        string[] labels = data.Data.GetColumn<string>(ImageRow.LabelColumnName).ToArray();
        var images = data.Data.GetColumn<byte[]>(ImageRow.ImageColumnName);
        return display.Run("evaluate", labels.Length, report =>
        {
            var predictions = scorer.ScoreEncoded(images, cancellation).Select(prediction =>
            {
                report((int)prediction.Row + 1);
                return ((string?)labels[prediction.Row], prediction);
            });
            return ClassificationReport.Evaluate(mlContext, scorer.ClassNames, predictions);
        });
    }

    /// <summary>The bulk scorer's options for a <c>--batch-size</c> flag (null: the default of 64).</summary>
    public static ImageClassifierScorerOptions ScorerOptions(int? batchSize, bool stopOnFirstError = false)
    {
        var options = new ImageClassifierScorerOptions { StopOnFirstError = stopOnFirstError };
        if (batchSize is { } size)
            options.BatchSize = size;
        return options;
    }
}
