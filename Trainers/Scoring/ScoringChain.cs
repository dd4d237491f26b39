using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Builds the scoring chain a trained model saves as: only ML.NET built-ins (and fixed-contract <c>CustomMapping</c>s of this
/// assembly), so it reloads in a fresh process from the zip alone.
/// ONNX graph (Score, class name) → first slot → <c>MapValueToKey</c> with the label's key values → drop the internal columns;
/// then the slot names of <c>Score</c> (<see cref="AppendSlotNames"/>).
/// </summary>
internal static class ScoringChain
{
    public static ITransformer Build(MLContext ml, IDataView schemaSource, byte[] onnxModel, string imageColumn, string scoreColumn,
        string predictedLabelColumn, IReadOnlyList<string> classNames, int? gpuDeviceId)
    {
        var keyData = ml.Data.LoadFromEnumerable(classNames.Select(name => new KeyValue { Value = name }));
        IEstimator<ITransformer> estimator = ml.Transforms.ApplyOnnxModel(
                outputColumnNames: new[] { scoreColumn, FirstSlotMapping.InputColumn },
                inputColumnNames: new[] { imageColumn },
                modelBytes: new MemoryStream(onnxModel, writable: false),
                gpuDeviceId: gpuDeviceId,
                fallbackToCpu: true)
            .Append(ml.Transforms.CustomMapping(new FirstSlotMapping().GetMapping(), FirstSlotMapping.ContractName))
            .Append(ml.Transforms.Conversion.MapValueToKey(predictedLabelColumn, FirstSlotMapping.OutputColumn, keyData: keyData))
            .Append(ml.Transforms.DropColumns(FirstSlotMapping.InputColumn, FirstSlotMapping.OutputColumn));
        if (CanNameSlots(schemaSource.Schema, classNames, scoreColumn, predictedLabelColumn))
            estimator = AppendSlotNames(ml, estimator, scoreColumn, classNames);
        return estimator.Fit(schemaSource);
    }

    /// <summary>
    /// Gives <c>Score</c> the class names as slot names, as ML.NET's multiclass trainers do, with built-ins only: ML.NET's
    /// savable transforms cannot set annotations, but <c>Concatenate</c> names each slot that comes from a scalar column after
    /// that column. So every class's probability is split off into a scalar column named after the class
    /// (<see cref="ScoreSlotMapping"/>, then <c>CopyColumns</c>), the columns are concatenated back into <c>Score</c> and
    /// dropped. That is 3 transforms per class, and per row work proportional to the square of the class count.
    /// </summary>
    private static IEstimator<ITransformer> AppendSlotNames(MLContext ml, IEstimator<ITransformer> estimator, string scoreColumn,
        IReadOnlyList<string> classNames)
    {
        estimator = estimator.Append(ml.Transforms.CopyColumns(ScoreSlotMapping.SlotsColumn, scoreColumn));
        foreach (string className in classNames)
        {
            estimator = estimator
                .Append(ml.Transforms.CustomMapping(new ScoreSlotMapping().GetMapping(), ScoreSlotMapping.ContractName))
                .Append(ml.Transforms.CopyColumns(className, ScoreSlotMapping.HeadColumn))
                .Append(ml.Transforms.CopyColumns(ScoreSlotMapping.SlotsColumn, ScoreSlotMapping.TailColumn));
        }
        return estimator
            .Append(ml.Transforms.Concatenate(scoreColumn, classNames.ToArray()))
            .Append(ml.Transforms.DropColumns(
                [.. classNames, ScoreSlotMapping.SlotsColumn, ScoreSlotMapping.HeadColumn, ScoreSlotMapping.TailColumn]));
    }

    /// <summary>
    /// Whether the class names can be temporary column names: none empty, and none the name of a column of the input or of the
    /// chain (dropping it at the end would drop that column). Otherwise <c>Score</c> has no slot names.
    /// </summary>
    internal static bool CanNameSlots(DataViewSchema input, IReadOnlyList<string> classNames, string scoreColumn, string predictedLabelColumn)
    {
        string[] internalColumns =
        [
            scoreColumn, predictedLabelColumn, FirstSlotMapping.InputColumn, FirstSlotMapping.OutputColumn,
            ScoreSlotMapping.SlotsColumn, ScoreSlotMapping.HeadColumn, ScoreSlotMapping.TailColumn,
        ];
        return classNames.All(name => !string.IsNullOrWhiteSpace(name) && input.GetColumnOrNull(name) is null && !internalColumns.Contains(name));
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
