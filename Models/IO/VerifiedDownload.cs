namespace MlNetCnn.Models.IO;

/// <summary>
/// Fetches one file atomically: into a temporary file in the target's folder, hashed while it is written, checked against
/// its expected hash, then renamed. On any failure the temporary file is deleted and the target is left as it was. The
/// one downloader of the project: data sets and pretrained weights use it.
/// </summary>
internal static class VerifiedDownload
{
    /// <summary>Downloads <paramref name="url"/> to <paramref name="path"/> and requires the hash <paramref name="hash"/>.</summary>
    /// <param name="http">The client (its own timeout should be infinite: <paramref name="timeout"/> applies).</param>
    /// <param name="url">The address.</param>
    /// <param name="path">Where the verified file goes; its folder is created.</param>
    /// <param name="hash">The hash the file must have (complete or a prefix).</param>
    /// <param name="timeout">Time allowed from the request to the last byte.</param>
    /// <param name="remedy">A sentence appended to network failures: how to get the file without this download.</param>
    /// <param name="cancel">Stops the download (the partial file is deleted).</param>
    /// <exception cref="DownloadException">No connection, an HTTP error, a transfer that broke off, a timeout or a hash mismatch.</exception>
    public static async Task FetchAsync(
        HttpClient http, Uri url, string path, FileHash hash, TimeSpan timeout, string remedy, CancellationToken cancel)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(timeout);
            string found;
            try
            {
                found = await WriteAsync(http, url, temporary, hash, remedy, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                throw new DownloadException(url, $"no complete answer within {timeout}; expected the whole file.{Remedy(remedy)}", e);
            }
            if (!hash.Matches(found))
                throw new DownloadException(url,
                    $"checksum mismatch: expected {hash}, got {found}. The server sent other bytes than the published file; nothing was kept.");
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<string> WriteAsync(
        HttpClient http, Uri url, string temporary, FileHash hash, string remedy, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(url, $"no answer from the server ({e.Message}).{Remedy(remedy)}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new DownloadException(url,
                    $"the server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}); expected 200 (OK) and the file.{Remedy(remedy)}");
            long? declared = response.Content.Headers.ContentLength;
            using var digest = hash.CreateHash();
            long received = 0;
            try
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
                await using FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                {
                    digest.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                    received += read;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new DownloadException(url,
                    $"the transfer broke off after {received:N0} bytes{Expected(declared)} ({e.Message}).{Remedy(remedy)}", e);
            }
            if (declared is { } length && received != length)
                throw new DownloadException(url, $"the transfer broke off after {received:N0} bytes{Expected(declared)}.{Remedy(remedy)}");
            return Convert.ToHexStringLower(digest.GetHashAndReset());
        }
    }

    private static string Remedy(string remedy) => remedy.Length == 0 ? "" : " " + remedy;

    private static string Expected(long? declared) =>
        declared is { } length ? $" of the {length:N0} declared (Content-Length)" : "";
}
