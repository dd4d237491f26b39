using MlNetCnn.Pipelines.Reports;
using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Cli.Display;
using MlNetCnn.Cli.Output;
using MlNetCnn.Cli.Training;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>train --arch NAME --data SOURCE ... --out DIR</c>: trains through the ML.NET trainer and writes
/// model.zip, model.onnx, metrics.json and confusion.png (on the test split or <c>--val-dir</c>), history.csv, history.json and curves.png;
/// prints the evaluation report.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliSession session)
    {
        var o = new TrainOptions();
        var command = new Command("train",
            "Trains a CNN through the ML.NET trainer; writes model.zip, model.onnx, metrics.json, history.csv, history.json, curves.png, confusion.png. " +
            "Options not given take the architecture's training recipe (optimiser, rate, schedule, batch, augmentation): " +
            "'mlnetcnn list --recipes' shows every architecture's, 'mlnetcnn summary --arch NAME' one's. " +
            "Ctrl+C stops at the next step (exit code 130), keeping the last checkpoint.");
        o.AddTo(command);
        command.SetAction(parsed => Run(parsed, o, session));
        return command;
    }

    private static int Run(ParseResult parsed, TrainOptions o, CliSession session)
    {
        Progress progress = session.ProgressFor(parsed);
        TrainingDisplay display = session.TrainingDisplayFor(parsed);
        CnnTrainer.Options options = o.TrainerOptions(parsed, display, session.Cancellation);
        var mlContext = new MLContext(options.Seed);
        CnnTrainer trainer = o.CreateTrainer(mlContext, options);
        var (imageSize, inChannels) = o.ImageShape(parsed);

        DataSetCatalog.Source source = o.Data.Source(parsed);
        string directory = o.Data.Directory(parsed, session.Cancellation);
        bool skip = parsed.GetValue(o.Data.SkipUnreadable);
        ImageDataSet train = DataOptions.Load(mlContext, source, directory, DataSetSplit.Train, parsed.GetValue(o.Limit), progress, skip);
        // Only --val-dir is validation data (scored every epoch); the test part of a classic set is for metrics.json alone.
        ImageDataSet? valDir = parsed.GetValue(o.ValDir) is { } folder
            ? DataOptions.Load(mlContext, DataSetCatalog.Get("folder"), folder, DataSetSplit.Test, null, progress, skip)
            : null;
        (ImageDataSet data, string name)? validation = valDir is not null
            ? (valDir, "validation")
            : source.HasSplits
                ? (DataOptions.Load(mlContext, source, directory, DataSetSplit.Test, null, progress, skip), "test")
                : null;
        string outDir = CommonOptions.EnsureFolder(parsed.GetRequiredValue(o.Out));
        if (options.CheckpointPath is { } checkpoint)
            CommonOptions.EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);

        progress.Report($"Training {options.Architecture} on {train.Count:N0} images ({imageSize}x{imageSize}, {inChannels} channel(s))" +
                        (valDir is null ? "." : $", with {valDir.Count:N0} validation images."));
        var clock = Stopwatch.StartNew();
        TrainingOutcome outcome;
        try
        {
            session.Cancellation.ThrowIfCancellationRequested();
            outcome = display.Run(() => ModelTraining.Train(mlContext, trainer, imageSize, inChannels, train, valDir, parsed.GetValue(o.Resize) ?? ImageResizeMode.Stretch));
        }
        catch (TrainingDivergedException e)
        {
            // The history up to the diverged step is what the user needs to pick a lower rate: keep it, then fail.
            TrainingHistory.SaveCsv(Path.Combine(outDir, "history.csv"), e.History);
            TrainingHistory.SaveJson(Path.Combine(outDir, "history.json"), e.History);
            throw;
        }
        catch (OperationCanceledException e) when (session.Cancellation.IsCancellationRequested)
        {
            throw new RunCancelledException(TrainingCancellation.Message(
                display.LastCompletedEpoch, display.CurrentEpoch, options.CheckpointPath, options.ResumeFromCheckpoint), e);
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        mlContext.Model.Save(outcome.Model, train.Data.Schema, Path.Combine(outDir, "model.zip"));
        outcome.SaveOnnx(Path.Combine(outDir, "model.onnx"));
        var info = outcome.Info;
        TrainingHistory.SaveCsv(Path.Combine(outDir, "history.csv"), info.History);
        TrainingHistory.SaveJson(Path.Combine(outDir, "history.json"), info.History);
        TrainingCharts.SaveCurves(Path.Combine(outDir, "curves.png"), info.History);

        if (validation is null)
            progress.Report("No test part for a folder without --val-dir: metrics.json reports the training images.");
        var (evaluated, evaluatedOn) = validation ?? (train, "train");
        ClassificationReport report = ModelScoring.EvaluateInBatches(mlContext, outcome.Model, evaluated, batchSize: null,
            session.ScoringDisplayFor(parsed), session.Cancellation);
        report.SaveJson(Path.Combine(outDir, "metrics.json"), info, evaluatedOn);
        TrainingCharts.SaveConfusion(Path.Combine(outDir, "confusion.png"), report.Confusion, report.ClassNames);
        session.Output.WriteLine($"On the {evaluatedOn} images:");
        session.Output.Write(report.ToText());
        session.Output.WriteLine($"model: {Path.Combine(outDir, "model.zip")}  ({trainSeconds:F1} s on {info.TrainingDevice})");
        return CliApp.Success;
    }
}
