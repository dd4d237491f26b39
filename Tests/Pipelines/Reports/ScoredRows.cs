using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Tests.Pipelines.Reports;

/// <summary>A scored data set as a trained model outputs it: Label and PredictedLabel keys over the class names, Score in key order.</summary>
internal static class ScoredRows
{
    private sealed class Row
    {
        public string Label { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    private sealed class ClassName
    {
        public string Label { get; set; } = "";
    }

    /// <summary>
    /// One row per (label, scores); the key values are <paramref name="classes"/> in that order, classes without rows
    /// included. PredictedLabel is a copy of Label: ML.NET's evaluator requires the column but predicts from Score.
    /// </summary>
    public static IDataView Load(MLContext ml, string[] classes, params (string Label, float[] Score)[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes.Length);
        IDataView data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Label = r.Label, Score = r.Score }), schema);
        return ml.Transforms.Conversion.MapValueToKey("Label", keyData: KeyData(ml, classes))
            .Append(ml.Transforms.CopyColumns("PredictedLabel", "Label"))
            .Fit(data).Transform(data);
    }

    /// <summary>The one-column data view that gives <c>MapValueToKey</c> the key values in this order.</summary>
    public static IDataView KeyData(MLContext ml, string[] classes) =>
        ml.Data.LoadFromEnumerable(classes.Select(c => new ClassName { Label = c }));
}
