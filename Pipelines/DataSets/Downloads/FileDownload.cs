using System.Security.Cryptography;

namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>
/// Fetches one file atomically: into a temporary file in the target's folder, checked against its MD5, then renamed.
/// On any failure the temporary file is deleted and the target is left as it was.
/// </summary>
internal static class FileDownload
{
    /// <summary>Downloads <paramref name="url"/> to <paramref name="path"/> and requires the MD5 <paramref name="md5"/>.</summary>
    /// <exception cref="DownloadException">No connection, an HTTP error, a transfer that broke off, a timeout or a checksum mismatch.</exception>
    public static async Task FetchAsync(HttpClient http, Uri url, string path, string md5, TimeSpan timeout, CancellationToken cancel)
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
                found = await WriteAsync(http, url, temporary, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                throw new DownloadException(url, $"no complete answer within {timeout}; expected the whole file.", e);
            }
            if (!string.Equals(found, md5, StringComparison.OrdinalIgnoreCase))
                throw new DownloadException(url,
                    $"checksum mismatch: expected MD5 {md5.ToLowerInvariant()}, got {found}. The server sent other bytes than the published file; nothing was kept.");
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The lower-case hexadecimal MD5 of the file at <paramref name="path"/>.</summary>
    public static string Md5Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(file));
    }

    private static async Task<string> WriteAsync(HttpClient http, Uri url, string temporary, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(url,
                $"no answer from the server ({e.Message}). Without network, copy the files by hand and load them from that folder.", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new DownloadException(url,
                    $"the server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}); expected 200 (OK) and the file.");
            long? declared = response.Content.Headers.ContentLength;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long received = 0;
            try
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
                await using FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                    received += read;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new DownloadException(url, $"the transfer broke off after {received:N0} bytes{Expected(declared)} ({e.Message}).", e);
            }
            if (declared is { } length && received != length)
                throw new DownloadException(url, $"the transfer broke off after {received:N0} bytes{Expected(declared)}.");
            return Convert.ToHexStringLower(md5.GetHashAndReset());
        }
    }

    private static string Expected(long? declared) =>
        declared is { } length ? $" of the {length:N0} declared (Content-Length)" : "";
}
