using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// The data sources known by name (<c>cifar10</c>, <c>mnist</c>, <c>fashion-mnist</c>, <c>folder</c>),
/// one table shared by the command line, samples and benchmarks.
/// </summary>
public static class DataSetCatalog
{
    /// <summary>A named data source.</summary>
    /// <param name="Name">The name on the command line.</param>
    /// <param name="HasSplits">True for the classic sets, which hold a training and a test part in one folder;
    /// false for an image folder, which is one part.</param>
    /// <param name="Load">Loads a split (ignored without splits) from a folder, with an optional limit.</param>
    /// <param name="LoadSkippingUnreadable">For sources of image files: loads the folder leaving out the files that cannot be
    /// read or decoded (listed in <see cref="ImageDataSet.Skipped"/>), with an optional limit; null for the classic sets.</param>
    public sealed record Source(
        string Name, bool HasSplits, Func<MLContext, string, DataSetSplit, int?, ImageDataSet> Load,
        Func<MLContext, string, int?, ImageDataSet>? LoadSkippingUnreadable = null);

    /// <summary>Every source, in the order they are listed to users.</summary>
    public static IReadOnlyList<Source> All { get; } =
    [
        new("cifar10", true, Cifar10DataSet.Load),
        new("mnist", true, MnistDataSet.LoadMnist),
        new("fashion-mnist", true, MnistDataSet.LoadFashionMnist),
        new("folder", false, (ml, dir, _, limit) => ImageFolderDataSet.Load(ml, dir, limit),
            (ml, dir, limit) => ImageFolderDataSet.Load(ml, dir, limit, skipUnreadable: true)),
    ];

    /// <summary>The source named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Source Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown data source '{name}'; expected one of: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}
