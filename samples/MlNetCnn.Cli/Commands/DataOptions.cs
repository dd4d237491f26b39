using System.CommandLine;
using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>--data SOURCE</c> and <c>--data-dir DIR</c>: which data set and where. For the classic sets the folder
/// defaults to <c>../shared/data/SOURCE</c> relative to the current directory, when it exists.
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
        Description = "Folder of the data files (folder source: one sub-folder per class). " +
                      "Default for the classic sets: ../shared/data/SOURCE.",
    }.ExistingFolder();

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

    /// <summary>The folder of the data: <c>--data-dir</c>, else the default of a classic set.</summary>
    /// <exception cref="UsageException">No folder given and no default exists.</exception>
    public string Directory(ParseResult parsed)
    {
        if (parsed.GetValue(DataDir) is { } given)
            return given;
        DataSetCatalog.Source source = Source(parsed);
        if (!source.HasSplits)
            throw new UsageException($"{DataDir.Name}: required with {Data.Name} {source.Name} (a folder with one sub-folder per class).");
        string fallback = Path.Combine("..", "shared", "data", source.Name);
        if (!System.IO.Directory.Exists(fallback))
            throw new UsageException(
                $"{DataDir.Name}: not given, and the default folder '{fallback}' does not exist; pass {DataDir.Name} DIR holding the {source.Name} files.");
        return fallback;
    }

    /// <summary>Loads <paramref name="split"/> of the chosen source and reports how long it took.</summary>
    public ImageDataSet Load(ParseResult parsed, MLContext mlContext, DataSetSplit split, int? limit, Progress progress) =>
        Load(mlContext, Source(parsed), Directory(parsed), split, limit, progress, parsed.GetValue(SkipUnreadable));

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
