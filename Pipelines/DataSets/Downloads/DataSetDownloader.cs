using MlNetCnn.Models.IO;

namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>
/// Fetches the files of a data set into the cache (see <see cref="DownloadOptions"/>) and returns the folder the loaders
/// read. A cached file whose MD5 matches is not fetched again; archives are extracted once, into a temporary folder that
/// is renamed when complete. Nothing partial is left behind on failure.
/// </summary>
public sealed class DataSetDownloader
{
    private const string ByHand = "Without network, copy the files by hand and load them from that folder.";

    private readonly HttpMessageHandler? _handler;

    /// <summary>Creates a downloader.</summary>
    /// <param name="options">Cache folder, base address and timeout; null for the defaults.</param>
    /// <param name="handler">The HTTP handler (a proxy or test setup); null for the default.</param>
    public DataSetDownloader(DownloadOptions? options = null, HttpMessageHandler? handler = null)
    {
        Options = options ?? new DownloadOptions();
        _handler = handler;
    }

    /// <summary>The options in use.</summary>
    public DownloadOptions Options { get; }

    /// <inheritdoc cref="DownloadAsync"/>
    public string Download(DataSetFiles files) => DownloadAsync(files).GetAwaiter().GetResult();

    /// <summary>Makes sure every file of <paramref name="files"/> is in the cache, verified and extracted.</summary>
    /// <param name="files">The data set's table of files.</param>
    /// <param name="cancel">Stops the download (the partial file is deleted).</param>
    /// <returns>The folder holding the files the loader reads: the data set's cache folder, or its
    /// <see cref="DataSetFiles.DataFolder"/> for an archive.</returns>
    /// <exception cref="ArgumentException">A file name in the table is not a plain file name.</exception>
    /// <exception cref="DownloadException">A file could not be fetched or failed its checksum.</exception>
    /// <exception cref="InvalidDataException">An archive is corrupt, has an entry that escapes its folder, or lacks the data folder.</exception>
    public async Task<string> DownloadAsync(DataSetFiles files, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        string folder = CacheFolderOf(files);
        using HttpClient http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        foreach (DataSetFile file in files.Files)
        {
            string path = Path.Combine(folder, CheckedName(file));
            var md5 = FileHash.Md5(file.Md5);
            if (File.Exists(path) && md5.IsHashOf(path))
                continue;
            await VerifiedDownload.FetchAsync(http, files.UrlOf(file, Options.BaseUrl), path, md5, Options.Timeout, ByHand, cancel)
                .ConfigureAwait(false);
        }
        string data = DataFolderOf(files);
        if (!Directory.Exists(data))
            ExtractArchives(files, folder);
        return data;
    }

    /// <summary>
    /// The folder <see cref="DownloadAsync"/> returns for <paramref name="files"/>, whether it has been downloaded yet or not:
    /// where to read a copy an earlier download left in the cache.
    /// </summary>
    public string DataFolderOf(DataSetFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Path.Combine(CacheFolderOf(files), files.DataFolder);
    }

    private string CacheFolderOf(DataSetFiles files) => Path.Combine(Options.ResolveCacheDirectory(), files.Name);

    private static void ExtractArchives(DataSetFiles files, string folder)
    {
        string staging = Path.Combine(folder, $".extract.{Guid.NewGuid():N}.part");
        try
        {
            DataSetFile[] archives = files.Files.Where(DataSetFiles.IsArchive).ToArray();
            foreach (DataSetFile archive in archives)
                ExtractOrDiscard(Path.Combine(folder, archive.Name), staging);
            string extracted = Path.Combine(staging, files.DataFolder);
            if (!Directory.Exists(extracted))
                throw new InvalidDataException(
                    $"Data set '{files.Name}': expected the folder '{files.DataFolder}' from the archives " +
                    $"{string.Join(", ", archives.Select(a => a.Name))}, found none in '{folder}'.");
            Directory.Move(extracted, Path.Combine(folder, files.DataFolder));
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Extracts an archive; a refused archive is deleted too, so that nothing of it stays in the cache.</summary>
    private static void ExtractOrDiscard(string archive, string staging)
    {
        try
        {
            SafeTarExtractor.Extract(archive, staging);
        }
        catch (InvalidDataException)
        {
            File.Delete(archive);
            throw;
        }
    }

    private static string CheckedName(DataSetFile file) =>
        file.Name.Length > 0 && Path.GetFileName(file.Name) == file.Name && file.Name is not ("." or "..")
            ? file.Name
            : throw new ArgumentException(
                $"Data set file name '{file.Name}': expected a plain file name without folders.", nameof(file));
}
