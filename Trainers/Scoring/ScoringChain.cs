using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Builds the scoring chain a trained model saves as: only ML.NET built-ins (and a fixed-contract
/// <c>CustomMapping</c> of this assembly), so it reloads in a fresh process from the zip alone.
/// ONNX graph (Score, class name) → first slot → <c>MapValueToKey</c> with the label's key values → drop
/// the internal columns.
/// </summary>
internal static class ScoringChain
{
    public static ITransformer Build(MLContext ml, IDataView schemaSource, byte[] onnxModel, string imageColumn, string scoreColumn,
        string predictedLabelColumn, IReadOnlyList<string> classNames, int? gpuDeviceId)
    {
        var keyData = ml.Data.LoadFromEnumerable(classNames.Select(name => new KeyValue { Value = name }));
        var estimator = ml.Transforms.ApplyOnnxModel(
                outputColumnNames: new[] { scoreColumn, FirstSlotMapping.InputColumn },
                inputColumnNames: new[] { imageColumn },
                modelBytes: new MemoryStream(onnxModel, writable: false),
                gpuDeviceId: gpuDeviceId,
                fallbackToCpu: true)
            .Append(ml.Transforms.CustomMapping(new FirstSlotMapping().GetMapping(), FirstSlotMapping.ContractName))
            .Append(ml.Transforms.Conversion.MapValueToKey(predictedLabelColumn, FirstSlotMapping.OutputColumn, keyData: keyData))
            .Append(ml.Transforms.DropColumns(FirstSlotMapping.InputColumn, FirstSlotMapping.OutputColumn));
        return estimator.Fit(schemaSource);
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
