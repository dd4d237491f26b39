namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>Opens the store a location names: a PostgreSQL URL, or a sweep folder.</summary>
public static class SweepStores
{
    /// <summary>The environment variable that gives the store when no location is passed (e.g. from a Kubernetes Secret).</summary>
    public const string EnvironmentVariable = "MLNETCNN_STORAGE";

    /// <summary>
    /// The store at <paramref name="location"/>: <c>postgresql://user:password@host:port/database</c> opens
    /// <see cref="PostgresSweepStore"/> for the sweep <paramref name="sweepName"/> (required there); anything else is a sweep
    /// folder (<see cref="FolderSweepStore"/>, whose name is the folder's).
    /// </summary>
    /// <exception cref="ArgumentException">A PostgreSQL URL without a sweep name, or a malformed URL.</exception>
    public static ISweepStore Open(string location, string? sweepName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (!PostgresLocation.IsUrl(location))
            return new FolderSweepStore(location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location);
        if (string.IsNullOrWhiteSpace(sweepName))
            throw new ArgumentException($"Storage '{PostgresLocation.Redacted(location)}': a PostgreSQL store holds many sweeps; name one (--sweep NAME).", nameof(sweepName));
        return new PostgresSweepStore(location, sweepName);
    }
}
