using Microsoft.ML;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// What every trial of a sweep trains on: the featurized training and validation rows (a key label column and a
/// <c>Vector&lt;Single, C, H, W&gt;</c> image column) and, to save each completed trial as a whole model, the fitted
/// featurizer that made them from the raw rows.
/// </summary>
/// <param name="Train">The training rows.</param>
/// <param name="Validation">The validation rows: scored after every epoch, they pick the best epoch and rank the trials.</param>
/// <param name="Featurizer">The fitted transforms before the classifier (label to key, image to tensor), or null: then <c>model.zip</c> holds the classifier alone.</param>
/// <param name="FeaturizerInputSchema">The schema of the raw rows the featurizer takes; required with <paramref name="Featurizer"/>.</param>
/// <param name="LabelColumnName">The key label column.</param>
/// <param name="ImageColumnName">The image tensor column.</param>
public sealed record TrialData(
    IDataView Train, IDataView Validation, ITransformer? Featurizer = null, DataViewSchema? FeaturizerInputSchema = null,
    string LabelColumnName = "Label", string ImageColumnName = "Features")
{
    /// <summary>The data of a sweep data file, with the featurizer saved beside it (or none).</summary>
    public static TrialData From(SweepDataFile file, ITransformer? featurizer = null, DataViewSchema? featurizerInputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new TrialData(file.Train, file.Validation, featurizer, featurizerInputSchema, file.LabelColumnName, file.ImageColumnName);
    }

    /// <summary>
    /// The data of the sweep data file at <paramref name="dataPath"/>, with the featurizer saved by <c>mlContext.Model.Save</c>
    /// at <paramref name="featurizerPath"/> (or none): what a worker process trains on.
    /// </summary>
    public static TrialData Load(string dataPath, string? featurizerPath, int seed = 0)
    {
        var file = SweepDataFile.Open(dataPath);
        if (featurizerPath is null) return From(file);
        var featurizer = new MLContext(seed).Model.Load(featurizerPath, out var inputSchema);
        return From(file, featurizer, inputSchema);
    }
}

/// <summary>What a worker process is asked to run: one trial session and where the sweep's data is.</summary>
/// <param name="Trial">The session.</param>
/// <param name="DataPath">The sweep's <see cref="SweepDataFile"/>.</param>
/// <param name="FeaturizerPath">The fitted featurizer saved with <c>mlContext.Model.Save</c>, or null.</param>
public sealed record WorkerRequest(TrialRequest Trial, string DataPath, string? FeaturizerPath);
