using MlNetCnn.Models.IO;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// A weights file published at a URL and kept in the weights cache under its own name: found there (a file a PyTorch
/// user already has is reused), else downloaded — verified while it is written, renamed into the cache only on a hash
/// match.
/// </summary>
/// <param name="Url">The canonical address.</param>
/// <param name="FileName">The name in the cache folder.</param>
/// <param name="Hash">The hash the file must have (complete, or the prefix its publisher pins).</param>
internal sealed record WeightsFile(Uri Url, string FileName, FileHash Hash)
{
    /// <summary>Time allowed for one download, from the request to the last byte (torchvision's largest file is about 0.5 GB).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(1);

    /// <summary>
    /// The address to fetch from: <see cref="Url"/>, or with <see cref="WeightsContext.BaseAddress"/> in place of its
    /// scheme and host (any path of the base address goes before the URL's path, so a mirror may live in a folder).
    /// </summary>
    public Uri UrlIn(WeightsContext context) => context.BaseAddress is not { } mirror
        ? Url
        : new UriBuilder(mirror.Scheme, mirror.Host, mirror.Port, mirror.AbsolutePath.TrimEnd('/') + Url.AbsolutePath).Uri;

    /// <summary>The path of the file in the cache of <paramref name="context"/>, present or not.</summary>
    public string PathIn(WeightsContext context) => Path.Combine(context.CacheFolder, FileName);

    /// <summary>The path of the verified file in the cache, downloading it first when it is missing and downloads are allowed.</summary>
    /// <exception cref="FileNotFoundException">The file is missing and <see cref="WeightsContext.AllowDownload"/> is false.</exception>
    /// <exception cref="DownloadException">The download failed or its hash did not match; nothing was kept.</exception>
    /// <exception cref="InvalidDataException">The file in the cache does not have the expected hash.</exception>
    public string Ensure(WeightsContext context, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = PathIn(context);
        if (File.Exists(path))
        {
            string found = Hash.DigestOf(path);
            return Hash.Matches(found) ? path : throw new InvalidDataException(
                $"'{path}': expected {Hash} (the published file {Url}), found {found}. The file is damaged or another one; " +
                "delete it to download it again.");
        }
        if (!context.AllowDownload)
            throw new FileNotFoundException(
                $"'{path}' is not in the weights cache and downloads are off (WeightsContext.AllowDownload is false). " +
                ByHand(path), path);
        using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        VerifiedDownload.FetchAsync(http, UrlIn(context), path, Hash, Timeout, ByHand(path), cancel).GetAwaiter().GetResult();
        return path;
    }

    private string ByHand(string path) =>
        $"To use the weights without this download, fetch {Url} on a machine with internet and place it as '{path}'; it is then used as it is.";
}
