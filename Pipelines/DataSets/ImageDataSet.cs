using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// A loaded data set: an <see cref="IDataView"/> with the columns of <see cref="ImageRow"/>
/// (<c>Label</c>: Text, <c>Image</c>: Vector&lt;Byte&gt; of encoded image bytes) and what is known about it.
/// </summary>
/// <param name="Data">The rows, in the order of the source.</param>
/// <param name="ClassNames">Every class name in label order (label 0 first), also classes absent after a limit.</param>
/// <param name="Count">Number of rows in <paramref name="Data"/>.</param>
/// <param name="Source">The files or folder the rows come from, for messages and reports.</param>
public sealed record ImageDataSet(IDataView Data, IReadOnlyList<string> ClassNames, int Count, string Source)
{
    /// <summary>The image files left out because they could not be read or decoded (image folders loaded with
    /// <c>skipUnreadable</c>); empty otherwise.</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; init; } = [];

    /// <summary>
    /// <c>MapValueToKey</c> for the label column with the keys in <see cref="ClassNames"/> order (not in order of
    /// first appearance), so that key k is class k of the data set, also for classes a limit left out.
    /// </summary>
    public IEstimator<ITransformer> MapLabelToKey(MLContext mlContext, string outputColumnName = ImageRow.LabelColumnName) =>
        mlContext.Transforms.Conversion.MapValueToKey(outputColumnName, ImageRow.LabelColumnName,
            keyData: mlContext.Data.LoadFromEnumerable(ClassNames.Select(name => new ClassName { Value = name })));

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }
}
