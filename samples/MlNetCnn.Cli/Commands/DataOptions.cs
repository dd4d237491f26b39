using System.CommandLine;
using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.DataSets.Downloads;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>--data SOURCE</c> and <c>--data-dir DIR</c>: which data set and where. For the classic sets the folder defaults to
/// their folder in the download cache (<c>MLNETCNN_DATA</c>, else a per-user folder), where <c>--download</c> puts them.
/// </summary>
internal sealed class DataOptions
{
    public Option<string> Data { get; } = new Option<string>("--data")
    {
        Description = $"The data source: {string.Join(" | ", SourceNames)}.",
        Required = true,
    }.OneOf(SourceNames);

    public Option<string?> DataDir { get; } = new Option<string?>("--data-dir")
    {
        Description = "Folder of the data files (folder source: one sub-folder per class; csv source: the path,label list file). " +
                      $"Default for the classic sets: their folder in the download cache (${DownloadOptions.CacheVariable}, else a per-user folder), " +
                      "where --download puts them.",
    }.ExistingPath();

    public Option<bool> Download { get; } = new("--download")
    {
        Description = "For the classic sets: download the files (checksums verified) into the cache, " +
                      $"--data-dir or else ${DownloadOptions.CacheVariable} or a per-user folder, instead of reading a local copy.",
    };

    public Option<bool> SkipUnreadable { get; } = new("--skip-unreadable")
    {
        Description = "Folder source: leave out image files that cannot be read or decoded, and list them " +
                      "(every file is decoded once more when loading).",
    };

    private static string[] SourceNames => DataSetCatalog.All.Select(s => s.Name).ToArray();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(DataDir);
        command.Add(Download);
        command.Add(SkipUnreadable);
        command.Validators.Add(result =>
        {
            string? source = result.GetValue(Data);
            if (result.GetValue(SkipUnreadable) && source is not null && DataSetCatalog.All.Any(s =>
                    string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase) && s.LoadSkippingUnreadable is null))
                result.AddError($"{SkipUnreadable.Name}: only with {Data.Name} folder; {source} is read from its own binary files, not image files.");
        });
    }

    /// <summary>The chosen source.</summary>
    public DataSetCatalog.Source Source(ParseResult parsed) => DataSetCatalog.Get(parsed.GetRequiredValue(Data));

    /// <summary>
    /// The path of the data: with <c>--download</c>, the cache folder after download (<c>--data-dir</c> is then the cache);
    /// else <c>--data-dir</c>; else, for a classic set, its folder in the cache, where an earlier download left it.
    /// </summary>
    /// <exception cref="UsageException">No path given and the cache has no copy, or a download of a source without one.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> stopped the download.</exception>
    public string Directory(ParseResult parsed, CancellationToken cancel = default)
    {
        DataSetCatalog.Source source = Source(parsed);
        if (parsed.GetValue(Download))
        {
            if (source.Files is null)
                throw new UsageException($"{Download.Name}: only for the classic sets, not with {Data.Name} {source.Name}.");
            return new DataSetDownloader(new DownloadOptions { CacheDirectory = parsed.GetValue(DataDir) })
                .DownloadAsync(source.Files, cancel).GetAwaiter().GetResult();
        }
        if (parsed.GetValue(DataDir) is { } given)
            return given;
        if (source.Files is null)
            throw new UsageException($"{DataDir.Name}: required with {Data.Name} {source.Name} ({source.Expects}).");
        string cached = new DataSetDownloader().DataFolderOf(source.Files);
        if (!System.IO.Directory.Exists(cached))
            throw new UsageException(
                $"{DataDir.Name}: not given, and the download cache has no {source.Name} ('{cached}' does not exist); " +
                $"pass {DataDir.Name} DIR holding the {source.Name} files, or {Download.Name} to fetch them into the cache.");
        return cached;
    }

    /// <summary>
    /// Loads <paramref name="split"/> of the chosen source and reports how long it took; <paramref name="cancel"/> stops a
    /// download, or else stops the verb once the images are loaded.
    /// </summary>
    public ImageDataSet Load(ParseResult parsed, MLContext mlContext, DataSetSplit split, int? limit, Progress progress, CancellationToken cancel = default)
    {
        ImageDataSet data = Load(mlContext, Source(parsed), Directory(parsed, cancel), split, limit, progress, parsed.GetValue(SkipUnreadable));
        cancel.ThrowIfCancellationRequested();
        return data;
    }

    /// <summary>
    /// Loads <paramref name="split"/> of <paramref name="source"/> from <paramref name="directory"/>; with
    /// <paramref name="skipUnreadable"/> (image folders only, checked when parsing) leaves out and reports unreadable files.
    /// </summary>
    public static ImageDataSet Load(
        MLContext mlContext, DataSetCatalog.Source source, string directory, DataSetSplit split, int? limit, Progress progress,
        bool skipUnreadable)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ImageDataSet data = skipUnreadable && source.LoadSkippingUnreadable is { } loadSkipping
            ? loadSkipping(mlContext, directory, limit)
            : source.Load(mlContext, directory, split, limit);
        progress.Report($"Loaded {data.Count:N0} images of {data.ClassNames.Count} classes ({data.Source}) in {clock.Elapsed.TotalSeconds:F1} s.");
        if (data.Skipped.Count > 0)
            progress.Report($"Skipped {data.Skipped.Count:N0} unreadable image file(s):" +
                            string.Concat(data.Skipped.Select(s => $"{Environment.NewLine}  {s.Reason}")));
        return data;
    }
}
