namespace MlNetCnn.Models.IO;

/// <summary>
/// A file could not be fetched or failed its check (data sets, pretrained weights); the message names the address and
/// what went wrong.
/// </summary>
public sealed class DownloadException : IOException
{
    /// <summary>Creates the exception for <paramref name="url"/>.</summary>
    /// <param name="url">The address that was requested.</param>
    /// <param name="message">What was expected and what came.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public DownloadException(Uri url, string message, Exception? inner = null)
        : base($"Download of '{url}' failed: {message}", inner) => Url = url;

    /// <summary>The address that was requested.</summary>
    public Uri Url { get; }
}
