using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>
/// A sweep's folder made ready for trials: the data featurized once into the sweep's data file (with its one validation
/// split), the fitted featurizer saved for the models' chains, the spec written — or, when the folder already holds a sweep,
/// its spec compared with this one (a difference is refused, naming it) — and every candidate of the space checked.
/// </summary>
internal sealed class SweepWorkspace
{
    private SweepWorkspace(SweepFolder folder, SweepDataFile data, SweepSpec spec)
    {
        Folder = folder;
        Data = data;
        Spec = spec;
    }

    public SweepFolder Folder { get; }

    public SweepDataFile Data { get; }

    public SweepSpec Spec { get; }

    public static SweepWorkspace Prepare(MLContext mlContext, SweepSettings settings, CancellationToken cancellation)
    {
        var folder = new SweepFolder(settings.OutputFolder);
        Directory.CreateDirectory(folder.Root);
        SweepSpec? saved = File.Exists(folder.Spec) ? SweepSpec.Load(folder.Spec) : null;
        if (!File.Exists(folder.Data) || !File.Exists(folder.Featurizer))
            Featurize(mlContext, settings, folder, cancellation);
        var data = SweepDataFile.Open(folder.Data);
        var spec = SpecOf(settings, data);
        if (saved is not null)
        {
            var differences = spec.DifferencesFrom(saved);
            if (differences.Count > 0)
                throw new InvalidOperationException(
                    $"The folder '{folder.Root}' holds a sweep of another spec, which was left as it is: {string.Join("; ", differences)}. " +
                    "Run with the same settings to resume or extend it, or choose another output folder.");
        }
        else
        {
            spec.Save(folder.Spec);
        }
        settings.Space!.Validate(new SpaceCheck(data.Channels, data.Height, data.ClassNames.Count, settings.MaxParameters));
        ConvolutionSettling.Settle(settings.Space, data.Channels, data.Height, data.ClassNames.Count, cancellation);
        return new SweepWorkspace(folder, data, spec);
    }

    /// <summary>Fits the featurizer on the training rows and writes the training and validation tensors and the featurizer.</summary>
    private static void Featurize(MLContext mlContext, SweepSettings settings, SweepFolder folder, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var featurizer = settings.Featurizer!.Fit(settings.Train!);
        IDataView train = featurizer.Transform(settings.Train!);
        if (settings.Validation is { } validation)
        {
            SweepDataFile.Write(folder.Data, train, featurizer.Transform(validation), settings.LabelColumnName, settings.FeaturesColumnName);
        }
        else
        {
            uint[] labels = train.GetColumn<uint>(settings.LabelColumnName).ToArray();
            bool[] held = StratifiedSplit.Draw(labels, settings.ValidationFraction, settings.Seed, Comparer<uint>.Default);
            SweepDataFile.Write(folder.Data, train, held, settings.LabelColumnName, settings.FeaturesColumnName);
        }
        MlNetCnn.Models.IO.AtomicFile.Write(folder.Featurizer, temporary => mlContext.Model.Save(featurizer, settings.Train!.Schema, temporary));
    }

    private static SweepSpec SpecOf(SweepSettings settings, SweepDataFile data)
    {
        var rungs = settings.Scheduler.Rungs;
        var described = new SweepData(settings.DataDescription, "", null, data.Height, data.Channels, data.ClassNames,
            settings.Validation is null ? settings.ValidationFraction : null, null, data.TrainRows, data.ValidationRows);
        return new SweepSpec(described, settings.Seed, settings.Metric, settings.Tuner.Name, settings.Scheduler.Name, rungs.MinEpochs,
            rungs.MaxEpochs, rungs.Eta, settings.Space!.Describe(), settings.MaxParameters);
    }

    /// <summary>What the next session of <paramref name="trial"/> is asked to do.</summary>
    public TrialRequest Request(TrialRecord trial, SweepSettings settings, DateTime? deadline) =>
        new(trial.Id, trial.Config, settings.Scheduler.Rungs.MaxEpochs, trial.TargetEpoch, Folder.Trial(trial.Id), settings.Seed, settings.Metric,
            Threads: 0, GpuId: null, deadline);

    /// <summary>In this process with one worker and no GPU list; else worker processes.</summary>
    public ITrialExecutor CreateExecutor(SweepSettings settings) =>
        settings.Workers == 1 && settings.Gpus.Count == 0
            ? new InProcessExecutor(TrialData.From(Data, LoadFeaturizer(out var schema), schema), settings.Monitor.ReportEpoch)
            : new ProcessExecutor(settings.WorkerCommand!, settings.Workers, Folder.Data, Folder.Featurizer, settings.Gpus.Count > 0 ? settings.Gpus : null);

    private ITransformer LoadFeaturizer(out DataViewSchema schema) => new MLContext().Model.Load(Folder.Featurizer, out schema);
}
