using System.CommandLine;
using Microsoft.ML;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Cli.ScaleOut;
using MlNetCnn.Models.Registry;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Tuners;
using MlNetCnn.Transforms;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep --data SOURCE --arch a,b,c ... --out DIR</c>: compares architectures and training options on one validation split
/// through the library's sweep experiment, prints the leaderboard and saves the best model. Exit 0 when a trial completed,
/// 1 when none did, 2 for bad arguments, 130 on Ctrl+C (the same command resumes).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliSession session)
    {
        var o = new SweepOptions();
        var scaleOut = new ScaleOutOptions();
        var command = new Command("sweep",
            "Compares architectures and training options: trials on one validation split, successive halving on epochs, a resumable journal, " +
            "a leaderboard of every trial (leaderboard.csv/.md/.json), pareto.png, curves.png and the best model (best/model.zip, best/model.onnx). " +
            "Options not searched take each architecture's recipe. Run the same command again to resume after a crash or Ctrl+C, " +
            "or with a larger --trials or --time to extend a finished sweep.");
        o.AddTo(command);
        scaleOut.AddTo(command);
        command.SetAction(parsed => Run(parsed, o, scaleOut, session));
        return command;
    }

    private static int Run(ParseResult parsed, SweepOptions o, ScaleOutOptions scaleOut, CliSession session)
    {
        Progress progress = session.ProgressFor(parsed);
        var space = o.Space(parsed);
        var architectures = parsed.GetRequiredValue(o.Arch).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(ArchitectureRegistry.Get).ToList();
        int imageSize = parsed.GetValue(o.ImageSize) ?? architectures.Max(a => a.DefaultImageSize);
        int channels = parsed.GetValue(o.InChannels) ?? 3;
        int epochs = parsed.GetValue(o.Epochs) ?? 9;
        int seed = parsed.GetValue(o.Seed) ?? 1;
        var gpus = o.GpuList(parsed);
        int workers = parsed.GetValue(o.Workers) ?? Math.Max(1, gpus.Count);
        string? storage = parsed.GetValue(o.Store.Storage);
        if (parsed.GetValue(scaleOut.Slurm) && parsed.GetValue(scaleOut.K8sManifest) is not null)
            throw new UsageException($"{scaleOut.Slurm.Name} and {scaleOut.K8sManifest.Name}: expected one cluster engine; got both.");
        if (workers == 0 && storage is null)
            throw new UsageException($"{o.Workers.Name}: 0 workers only registers a sweep in a shared store; give {o.Store.Storage.Name} too, or at least 1 worker.");
        var budget = new SweepBudget(parsed.GetValue(o.Trials) ?? 12, SweepOptions.Duration(parsed.GetValue(o.Time), o.Time.Name),
            SweepOptions.Duration(parsed.GetValue(o.TrialTime), o.TrialTime.Name), parsed.GetValue(o.Retries) ?? 0, parsed.GetValue(o.MaxFailures) ?? 5);
        ISweepScheduler scheduler;
        try
        {
            scheduler = SweepSchedulers.Create(parsed.GetRequiredValue(o.Scheduler), parsed.GetValue(o.MinEpochs) ?? 1, epochs, parsed.GetValue(o.Eta) ?? 3);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"{(e.ParamName == "eta" ? o.Eta.Name : o.MinEpochs.Name)}: {e.Message.Split(" (Parameter")[0]}");
        }

        var mlContext = new MLContext(seed);
        DataSetCatalog.Source source = o.Data.Source(parsed);
        string directory = o.Data.Directory(parsed, session.Cancellation);
        bool skip = parsed.GetValue(o.Data.SkipUnreadable);
        ImageDataSet train = DataOptions.Load(mlContext, source, directory, DataSetSplit.Train, parsed.GetValue(o.Limit), progress, skip);
        ImageDataSet? validation = parsed.GetValue(o.ValDir) is { } folder
            ? DataOptions.Load(mlContext, DataSetCatalog.Get("folder"), folder, DataSetSplit.Test, null, progress, skip)
            : null;
        int testTop = parsed.GetValue(o.TestTop) ?? 3;
        ImageDataSet? test = testTop > 0 && source.HasSplits
            ? DataOptions.Load(mlContext, source, directory, DataSetSplit.Test, null, progress, skip)
            : null;

        var colorMode = channels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb;
        var featurizer = train.MapLabelToKey(mlContext)
            .Append(mlContext.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, imageSize, imageSize, colorMode));
        string outDir = CommonOptions.EnsureFolder(parsed.GetRequiredValue(o.Out));
        var experiment = mlContext.Sweeps().CreateExperiment(outDir)
            .SetDataset(train.Data, validation?.Data, parsed.GetValue(o.ValFraction) ?? 0.2)
            .SetPipeline(featurizer)
            .SetSearchSpace(space)
            .SetMetric(o.MetricOf(parsed))
            .SetTuner(SweepTuners.ByName(parsed.GetRequiredValue(o.Tuner)))
            .SetScheduler(scheduler)
            .SetBudget(budget)
            .SetSeed(seed)
            .SetWorkers(Math.Max(1, workers), workers > 1 || gpus.Count > 0 ? ProcessExecutor.CurrentExecutable : null, gpus)
            .SetMonitor(new SweepProgressLines(progress))
            .SetDataDescription($"{source.Name} {directory}" + (parsed.GetValue(o.Limit) is { } limit ? $" first {limit}" : "") +
                                $", {imageSize}x{imageSize}x{channels}" + (validation is null ? "" : $", validation {validation.Source}"));
        if (parsed.GetValue(o.MaxParams) is { } maxParams) experiment.SetMaxParameters(maxParams);
        if (test is not null) experiment.SetTestDataset(test.Data, testTop);

        progress.Report($"Sweep of {string.Join(", ", architectures.Select(a => a.Name))} on {train.Count:N0} images ({imageSize}x{imageSize}, {channels} channel(s)); " +
                        $"{scheduler.Name} over epochs {scheduler.Rungs}, tuner {parsed.GetRequiredValue(o.Tuner)}, {budget.Trials} trials, {workers} worker(s); folder {outDir}.");
        if (storage is not null || scaleOut.Any(parsed))
        {
            // On a cluster the default store is the sweep's folder itself, on the file system every node sees.
            string location = storage ?? outDir;
            using var store = o.Store.OpenAt(location, parsed, Path.GetFileName(outDir.TrimEnd(Path.DirectorySeparatorChar)));
            return new StoreSweep(parsed, scaleOut, session, progress).Run(experiment, outDir, location, store, workers, gpus);
        }
        SweepResult result;
        try
        {
            result = experiment.RunAsync(session.Cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e) when (session.Cancellation.IsCancellationRequested)
        {
            throw new RunCancelledException(
                $"Sweep stopped; the journal and the trials' checkpoints in '{outDir}' are kept. Run the same command again to resume: " +
                $"mlnetcnn {ShellWords.Join(parsed.Tokens.Select(t => t.Value))}", e);
        }
        session.Output.Write(result.Leaderboard.ToText());
        if (result.BestTrial is { } best)
        {
            session.Output.WriteLine($"best: trial {best.Id} ({best.Config}), model {result.BestModelPath}");
            return CliApp.Success;
        }
        session.Error.WriteLine("error: no trial completed; see the leaderboard and the trials' error.txt.");
        return CliApp.Failure;
    }
}
