using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>
/// What a classifier did on a scored data set: overall and per-class accuracy, macro accuracy, top-k accuracy, log loss
/// and the confusion matrix, with the class names. <see cref="ToText"/> renders it as a table,
/// <see cref="SaveJson"/> writes it (and the training figures) as <c>metrics.json</c>, and
/// <see cref="TrainingCharts.SaveConfusion"/> draws <see cref="Confusion"/>.
/// </summary>
/// <remarks>
/// <para>Input columns of <see cref="Evaluate(MLContext, IDataView, string, string, string, int)"/>, as a trained <c>ImageClassificationTransformer</c> outputs them:</para>
/// <list type="table">
/// <item><term>label</term><description>Key; its key values (text) are the class names, in key order.</description></item>
/// <item><term>score</term><description>Known-size vector of Single: one probability per class, in key order.</description></item>
/// <item><term>predicted label</term><description>Any type; required by ML.NET's evaluator, which itself predicts the class
/// of highest score (the first of equal scores).</description></item>
/// </list>
/// <para>As in ML.NET, rows without a label (missing key) or with a score that is not finite are left out; log loss takes
/// each probability as at least 1e-15.</para>
/// </remarks>
public sealed partial class ClassificationReport
{
    /// <summary>The k of the top-k accuracy unless another is chosen: 5, as in the ImageNet literature.</summary>
    public const int DefaultTopK = 5;

    private ClassificationReport(
        IReadOnlyList<string> classNames, IReadOnlyList<IReadOnlyList<long>> confusion, double accuracy, double logLoss,
        int? topK, double? topKAccuracy)
    {
        ClassNames = classNames;
        Confusion = confusion;
        ClassImageCounts = confusion.Select(row => row.Sum()).ToArray();
        ImageCount = ClassImageCounts.Sum();
        PerClassAccuracy = ClassImageCounts.Select((count, c) => count == 0 ? (double?)null : (double)confusion[c][c] / count).ToArray();
        double[] present = PerClassAccuracy.OfType<double>().ToArray();
        MacroAccuracy = present.Length == 0 ? 0 : present.Average();
        Accuracy = accuracy;
        LogLoss = logLoss;
        TopK = topK;
        TopKAccuracy = topKAccuracy;
    }

    /// <summary>Class names in key order: the order of <see cref="Confusion"/>'s rows and columns.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Image counts, <c>Confusion[true class][predicted class]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Confusion { get; }

    /// <summary>Images of each true class (the row sums of <see cref="Confusion"/>).</summary>
    public IReadOnlyList<long> ClassImageCounts { get; }

    /// <summary>Images evaluated.</summary>
    public long ImageCount { get; }

    /// <summary>Overall (micro-averaged) accuracy: correctly classified images over all images.</summary>
    public double Accuracy { get; }

    /// <summary>Macro accuracy: the mean of <see cref="PerClassAccuracy"/> over the classes that have images.</summary>
    public double MacroAccuracy { get; }

    /// <summary>Accuracy of each class (its recall), in key order; null for a class without images.</summary>
    public IReadOnlyList<double?> PerClassAccuracy { get; }

    /// <summary>Mean cross-entropy of the true class's probability.</summary>
    public double LogLoss { get; }

    /// <summary>The k of <see cref="TopKAccuracy"/>; null when there are k classes or fewer (top-k accuracy would be 1).</summary>
    public int? TopK { get; }

    /// <summary>Share of images whose true class is among the <see cref="TopK"/> highest scores; null with <see cref="TopK"/>.</summary>
    public double? TopKAccuracy { get; }

    /// <summary>Evaluates a scored data set (the output of a trained model's <c>Transform</c>).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="data">The scored data; see the remarks of <see cref="ClassificationReport"/> for its columns.</param>
    /// <param name="labelColumnName">The true class: a key column whose key values are the class names.</param>
    /// <param name="scoreColumnName">The class probabilities, in key order.</param>
    /// <param name="predictedLabelColumnName">The predicted class (ML.NET's evaluator requires the column).</param>
    /// <param name="topK">The k of <see cref="TopKAccuracy"/>, at least 1; top-k accuracy is computed only with more than k classes.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the score has not one value per class.</exception>
    /// <exception cref="InvalidOperationException">No row has a label and finite scores.</exception>
    public static ClassificationReport Evaluate(
        MLContext mlContext, IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", int topK = DefaultTopK)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        IReadOnlyList<string> classNames = ClassNamesOf(data.Schema, labelColumnName);
        CheckScore(data.Schema, scoreColumnName, labelColumnName, classNames.Count);
        if (data.Schema.GetColumnOrNull(predictedLabelColumnName) is null)
            throw new ArgumentException($"Predicted label column '{predictedLabelColumnName}' not found; columns: {ColumnList(data.Schema)}.", nameof(predictedLabelColumnName));

        int? k = classNames.Count > topK ? topK : null;
        MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(
            data, labelColumnName, scoreColumnName, predictedLabelColumnName, topKPredictionCount: k ?? 0);
        IReadOnlyList<IReadOnlyList<long>> confusion = metrics.ConfusionMatrix.Counts
            .Select(row => (IReadOnlyList<long>)row.Select(count => (long)Math.Round(count)).ToArray())
            .ToArray();
        if (confusion.Count != classNames.Count || confusion.Any(row => row.Count != classNames.Count))
            throw new InvalidOperationException(
                $"ML.NET's confusion matrix is {confusion.Count}×{confusion.FirstOrDefault()?.Count ?? 0}; expected {classNames.Count}×{classNames.Count}, one row and column per class.");
        if (confusion.Sum(row => row.Sum()) == 0)
            throw new InvalidOperationException(
                $"Nothing to evaluate: no row has a label in '{labelColumnName}' and finite scores in '{scoreColumnName}'.");
        return new ClassificationReport(classNames, confusion, metrics.MicroAccuracy, metrics.LogLoss, k, k is null ? null : metrics.TopKAccuracy);
    }

    /// <summary>The name of ML.NET's annotation that holds a key column's values.</summary>
    private const string KeyValuesAnnotation = "KeyValues";

    private static IReadOnlyList<string> ClassNamesOf(DataViewSchema schema, string labelColumnName)
    {
        DataViewSchema.Column label = schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"Label column '{labelColumnName}' not found; columns: {ColumnList(schema)}.", nameof(labelColumnName));
        if (label.Type is not KeyDataViewType key)
            throw new ArgumentException(
                $"Schema mismatch for label column '{labelColumnName}': expected a key type, got {label.Type}. Map the class names to keys with MapValueToKey.",
                nameof(labelColumnName));
        int count = checked((int)key.Count);
        if (label.Annotations.Schema.GetColumnOrNull(KeyValuesAnnotation)?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            label.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        // Without text key values the scoring graph names the classes by index (see docs/ARCHITECTURE.md).
        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static void CheckScore(DataViewSchema schema, string scoreColumnName, string labelColumnName, int classCount)
    {
        DataViewSchema.Column score = schema.GetColumnOrNull(scoreColumnName)
            ?? throw new ArgumentException($"Score column '{scoreColumnName}' not found; columns: {ColumnList(schema)}.", nameof(scoreColumnName));
        if (score.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single || vector.Size != classCount)
            throw new ArgumentException(
                $"Schema mismatch for score column '{scoreColumnName}': expected Vector<Single> of {classCount} values " +
                $"(one per class of '{labelColumnName}'), got {score.Type}.", nameof(scoreColumnName));
    }

    private static string ColumnList(DataViewSchema schema) => string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name));
}
