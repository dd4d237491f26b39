namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>Where downloads come from and where they are kept.</summary>
public sealed class DownloadOptions
{
    /// <summary>Name of the environment variable that sets the cache folder when <see cref="CacheDirectory"/> is not given.</summary>
    public const string CacheVariable = "MLNETCNN_DATA";

    /// <summary>
    /// The cache folder; each data set gets a sub-folder named after it. Null: the environment variable
    /// <c>MLNETCNN_DATA</c>, else <c>mlnetcnn/data</c> in the user's local application-data folder
    /// (<c>~/.local/share/mlnetcnn/data</c> on Linux).
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Replaces the base address of the data set's table (a mirror, or a test server); null keeps it.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Time allowed for each file, from the request to the last byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The cache folder these options select (see <see cref="CacheDirectory"/>).</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrWhiteSpace(CacheDirectory))
            return CacheDirectory;
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        string appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (appData.Length == 0)
            appData = Path.Combine(Path.GetTempPath(), Environment.UserName);
        return Path.Combine(appData, "mlnetcnn", "data");
    }
}
