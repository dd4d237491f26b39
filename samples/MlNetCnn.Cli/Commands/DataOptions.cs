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

    private static string[] SourceNames => DataSetCatalog.All.Select(s => s.Name).ToArray();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(DataDir);
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
        Load(mlContext, Source(parsed), Directory(parsed), split, limit, progress);

    /// <summary>Loads <paramref name="split"/> of <paramref name="source"/> from <paramref name="directory"/>.</summary>
    public static ImageDataSet Load(
        MLContext mlContext, DataSetCatalog.Source source, string directory, DataSetSplit split, int? limit, Progress progress)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ImageDataSet data = source.Load(mlContext, directory, split, limit);
        progress.Report($"Loaded {data.Count:N0} images of {data.ClassNames.Count} classes ({data.Source}) in {clock.Elapsed.TotalSeconds:F1} s.");
        return data;
    }
}
