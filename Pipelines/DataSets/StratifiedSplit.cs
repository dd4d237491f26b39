using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>A seeded, stratified split of a data set into a training and a validation part.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Splits <paramref name="data"/> so that every class gives the same share of its rows to the validation part:
    /// <c>round(n × fraction)</c> rows of a class of n, at least 1 and at most n − 1 when n ≥ 2 (a class of one row
    /// stays in training). Which rows go is drawn with <paramref name="seed"/>, so the same seed gives the same split;
    /// both parts keep the source order and the class names of <paramref name="data"/>. The rows are read once
    /// (image bytes included) and held in memory.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="data">The data set to split.</param>
    /// <param name="validationFraction">Share of each class for validation, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <returns>The training and the validation part; no row is in both.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not strictly between 0 and 1.</exception>
    public static (ImageDataSet Train, ImageDataSet Validation) Split(
        MLContext mlContext, ImageDataSet data, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                "Expected a validation fraction strictly between 0 and 1, e.g. 0.1.");
        List<ImageRow> rows = mlContext.Data.CreateEnumerable<ImageRow>(data.Data, reuseRowObject: false).ToList();
        bool[] validation = Draw(rows.Select(r => r.Label).ToArray(), validationFraction, seed, StringComparer.Ordinal);
        string how = $"stratified split of {data.Source}, validation fraction {validationFraction}, seed {seed}";
        ImageDataSet Part(bool inValidation, string name)
        {
            ImageRow[] part = rows.Where((_, i) => validation[i] == inValidation).ToArray();
            return new ImageDataSet(mlContext.Data.LoadFromEnumerable(part), data.ClassNames, part.Length, $"{name} part of the {how}");
        }
        return (Part(false, "training"), Part(true, "validation"));
    }

    /// <summary>
    /// For every row of <paramref name="labels"/>, whether it goes to validation: <c>round(n × fraction)</c> rows of each class
    /// of n (at least 1 and at most n − 1 when n ≥ 2), drawn with <paramref name="seed"/>, classes taken in
    /// <paramref name="order"/>.
    /// </summary>
    internal static bool[] Draw<TLabel>(IReadOnlyList<TLabel> labels, double fraction, int seed, IComparer<TLabel> order)
        where TLabel : notnull
    {
        var validation = new bool[labels.Count];
        var random = new Random(seed);
        var classes = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key, order);
        foreach (var members in classes)
        {
            int[] indices = members.ToArray();
            int take = indices.Length < 2 ? 0 : Math.Clamp((int)Math.Round(indices.Length * fraction, MidpointRounding.AwayFromZero), 1, indices.Length - 1);
            random.Shuffle(indices);
            foreach (int i in indices.Take(take))
                validation[i] = true;
        }
        return validation;
    }
}
