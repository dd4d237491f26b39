using MlNetCnn.Pipelines.DataSets.Downloads;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// Where a data source's files are: a local copy (a folder, or for <c>csv</c> a list file) or the download cache.
/// Resolved by <see cref="DataSetCatalog.Source.Locate"/>.
/// </summary>
public sealed record DataSetLocation
{
    private DataSetLocation(string? localPath, DownloadOptions? download)
    {
        LocalPath = localPath;
        Download = download;
    }

    /// <summary>The local copy; null when the files are downloaded.</summary>
    public string? LocalPath { get; }

    /// <summary>The download options; null for a local copy.</summary>
    public DownloadOptions? Download { get; }

    /// <summary>The files are at <paramref name="path"/> (a copy already on disk).</summary>
    public static DataSetLocation Local(string path) =>
        new(string.IsNullOrWhiteSpace(path) ? throw new ArgumentException("Expected a folder or file path, got an empty one.", nameof(path)) : path, null);

    /// <summary>The files are downloaded into the cache, verified, unless already there.</summary>
    /// <param name="options">Cache folder, mirror and timeout; null for the defaults (cache from <c>MLNETCNN_DATA</c>).</param>
    public static DataSetLocation Downloaded(DownloadOptions? options = null) => new(null, options ?? new DownloadOptions());
}
