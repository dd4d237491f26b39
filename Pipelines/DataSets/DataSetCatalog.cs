using Microsoft.ML;
using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.DataSets.Downloads;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// The data sources known by name (<c>cifar10</c>, <c>mnist</c>, <c>fashion-mnist</c>, <c>folder</c>, <c>csv</c>),
/// one table shared by the command line, samples and benchmarks.
/// </summary>
public static class DataSetCatalog
{
    /// <summary>A named data source.</summary>
    /// <param name="Name">The name on the command line.</param>
    /// <param name="HasSplits">True for the classic sets, which hold a training and a test part in one folder;
    /// false for an image folder or list, which is one part.</param>
    /// <param name="Load">Loads a split (ignored without splits) from a folder (or list file), with an optional limit.</param>
    /// <param name="Expects">What the local path must be, for messages.</param>
    /// <param name="Files">The public files to download; null when the source has none.</param>
    /// <param name="LoadSkippingUnreadable">For sources of image files: loads them leaving out the files that cannot be
    /// read or decoded (listed in <see cref="ImageDataSet.Skipped"/>), with an optional limit; null for the classic sets.</param>
    public sealed record Source(
        string Name, bool HasSplits, Func<MLContext, string, DataSetSplit, int?, ImageDataSet> Load,
        string Expects = "a folder holding the data files", DataSetFiles? Files = null,
        Func<MLContext, string, int?, ImageDataSet>? LoadSkippingUnreadable = null)
    {
        /// <summary>The local path of the data: <paramref name="location"/>'s local copy, or the cache folder after download.</summary>
        /// <exception cref="InvalidOperationException">A download is asked of a source without public files.</exception>
        /// <exception cref="DownloadException">A file could not be fetched or failed its checksum.</exception>
        public string Locate(DataSetLocation location)
        {
            ArgumentNullException.ThrowIfNull(location);
            if (location.LocalPath is { } local)
                return local;
            if (Files is null)
                throw new InvalidOperationException(
                    $"Data source '{Name}' has nothing to download; expected a local copy: {Expects}. " +
                    $"Sources with downloads: {string.Join(", ", All.Where(s => s.Files is not null).Select(s => s.Name))}.");
            return new DataSetDownloader(location.Download).Download(Files);
        }

        /// <summary>Loads <paramref name="split"/> from <paramref name="location"/> (see <see cref="Locate"/>).</summary>
        public ImageDataSet LoadFrom(MLContext mlContext, DataSetLocation location, DataSetSplit split, int? limit = null) =>
            Load(mlContext, Locate(location), split, limit);
    }

    /// <summary>Every source, in the order they are listed to users.</summary>
    public static IReadOnlyList<Source> All { get; } =
    [
        new("cifar10", true, Cifar10DataSet.Load, Files: PublicDataSets.Cifar10),
        new("mnist", true, MnistDataSet.LoadMnist, Files: PublicDataSets.Mnist),
        new("fashion-mnist", true, MnistDataSet.LoadFashionMnist, Files: PublicDataSets.FashionMnist),
        new("folder", false, (ml, dir, _, limit) => ImageFolderDataSet.Load(ml, dir, limit), "a folder with one sub-folder per class",
            LoadSkippingUnreadable: (ml, dir, limit) => ImageFolderDataSet.Load(ml, dir, limit, skipUnreadable: true)),
        new("csv", false, (ml, list, _, limit) => CsvImageDataSet.Load(ml, list, null, limit), "a CSV/TSV file of path,label rows"),
    ];

    /// <summary>The source named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Source Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown data source '{name}'; expected one of: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}
