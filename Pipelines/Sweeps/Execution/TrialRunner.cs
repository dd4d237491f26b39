using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Models.IO;
using MlNetCnn.Models.Native;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;
using TorchSharp;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// Runs trial sessions in this process on the sweep's data. A session trains from the trial's checkpoint when there is one
/// (else afresh) up to its rung or its last epoch, and leaves in the trial's folder: <c>history.json</c>, <c>outcome.json</c>
/// (always, written atomically) and, by how it ended — paused: the checkpoint; completed: <c>model.zip</c> and
/// <c>model.onnx</c> (the checkpoint is deleted); stopped by the deadline: the checkpoint of the last epoch; failed or
/// diverged: <c>error.txt</c>. See <see cref="TrialFiles"/> for the names.
/// </summary>
public sealed class TrialRunner
{
    private readonly TrialData _data;
    private readonly Action<int, EpochMetrics>? _epochEnded;

    /// <summary>Creates a runner for trials on <paramref name="data"/>.</summary>
    /// <param name="data">The sweep's data.</param>
    /// <param name="epochEnded">Called with the trial's number and the figures after every epoch (on the training thread), or null.</param>
    public TrialRunner(TrialData data, Action<int, EpochMetrics>? epochEnded = null)
    {
        _epochEnded = epochEnded;
        ArgumentNullException.ThrowIfNull(data);
        if (data.Featurizer is not null && data.FeaturizerInputSchema is null)
            throw new ArgumentException("TrialData.FeaturizerInputSchema is required with a featurizer: model.zip is saved with the featurizer's input schema.", nameof(data));
        _data = data;
    }

    /// <summary>
    /// Runs one session of <paramref name="request"/>. Errors of the trial come back as a failed or diverged outcome; the
    /// outcome is also written to the trial's <c>outcome.json</c>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> stopped the session (its last checkpoint is kept; no outcome is written).</exception>
    public TrialOutcome Run(TrialRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.Folder);
        if (request.OneDnnDisabled) CpuConvolutionCheck.Adopt(CpuConvolutionStatus.OneDnnDisabled);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var watch = new SessionWatch(request.DeadlineUtc, stop, EpochsSoFar(request), epoch => _epochEnded?.Invoke(request.TrialId, epoch));
        var clock = Stopwatch.StartNew();
        double? trialSeconds = null;
        double EndSession() => trialSeconds ??= AddSession(request.Folder, clock.Elapsed.TotalSeconds);
        TrialOutcome outcome;
        try
        {
            var mlContext = new MLContext(request.Seed);
            var model = new CnnTrainer(mlContext, Options(request, watch, stop.Token)).Fit(_data.Train, _data.Validation);
            double seconds = clock.Elapsed.TotalSeconds;
            outcome = Finish(mlContext, request, model, seconds, EndSession());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            EndSession();
            throw;
        }
        catch (OperationCanceledException) when (watch.DeadlinePassed)
        {
            EndSession();
            outcome = new TrialOutcome(request.TrialId, TrialOutcomeKind.Stopped, watch.Epoch, null, null, null, clock.Elapsed.TotalSeconds, watch.ValidationAccuracy);
        }
        catch (Exception error)
        {
            EndSession();
            outcome = Failed(request, error, watch.Epoch, clock.Elapsed.TotalSeconds);
        }
        return Record(request, outcome);
    }

    /// <summary>The epochs the trial's earlier sessions trained (by their last outcome), from which this session goes on.</summary>
    internal static int EpochsSoFar(TrialRequest request)
    {
        try
        {
            return TrialFiles.ReadOutcome(request.Folder) is { Kind: not TrialOutcomeKind.Completed } previous ? previous.Epoch : 0;
        }
        catch (InvalidDataException)
        {
            return 0; // a damaged outcome of an earlier session: the checkpoint, not this figure, decides where training goes on
        }
    }

    /// <summary>Writes <paramref name="outcome"/> to the trial's <c>outcome.json</c>, atomically, and returns it.</summary>
    internal static TrialOutcome Record(TrialRequest request, TrialOutcome outcome)
    {
        TrialFiles.WriteJson(Path.Combine(request.Folder, TrialFiles.Outcome), outcome);
        return outcome;
    }

    /// <summary>
    /// The outcome of a session that could not run or threw: <see cref="TrialOutcomeKind.Diverged"/> for a non-finite loss,
    /// else <see cref="TrialOutcomeKind.Failed"/>; the first line of the root cause is the outcome's error, the full text goes to <c>error.txt</c>.
    /// </summary>
    internal static TrialOutcome Failed(TrialRequest request, Exception error, int epoch, double seconds)
    {
        Directory.CreateDirectory(request.Folder);
        ErrorText.Save(request.Folder, error);
        var diverged = ErrorText.Find<TrainingDivergedException>(error);
        return diverged is null
            ? new TrialOutcome(request.TrialId, TrialOutcomeKind.Failed, epoch, null, null, ErrorText.FirstLine(error), seconds)
            : new TrialOutcome(request.TrialId, TrialOutcomeKind.Diverged, diverged.Epoch - 1, null, null, diverged.Message, seconds);
    }

    /// <summary>The trainer's options for a session of <paramref name="request"/>.</summary>
    private CnnTrainer.Options Options(TrialRequest request, SessionWatch watch, CancellationToken stop)
    {
        var options = new CnnTrainer.Options { LabelColumnName = _data.LabelColumnName, ImageColumnName = _data.ImageColumnName };
        request.Config.ApplyTo(options);
        options.Epochs = request.Epochs;
        options.PauseAfterEpoch = request.PauseAfterEpoch < request.Epochs ? request.PauseAfterEpoch : null;
        options.CheckpointPath = request.CheckpointPath;
        options.ResumeFromCheckpoint = File.Exists(request.CheckpointPath) ? request.CheckpointPath : null;
        options.Seed = request.Seed;
        options.MonitorMetric = request.Metric == SweepMetric.Loss ? ValidationMetric.Loss : ValidationMetric.Accuracy;
        options.Device = request.GpuId is null ? TrainingDevice.Auto : TrainingDevice.Cuda;
        options.GpuDeviceId = request.GpuId ?? 0;
        options.Progress = watch;
        options.CancellationToken = stop;
        if (request.Threads > 0) torch.set_num_threads(request.Threads);
        return options;
    }

    /// <summary>Saves what a paused or completed session leaves, and measures its model.</summary>
    private TrialOutcome Finish(MLContext mlContext, TrialRequest request, ImageClassificationTransformer model, double seconds, double trialSeconds)
    {
        TrainingHistory.SaveJson(Path.Combine(request.Folder, TrialFiles.History), model.History);
        var metrics = TrialEvaluation.Measure(mlContext, model, _data);
        if (model.Info.Paused)
            return new TrialOutcome(request.TrialId, TrialOutcomeKind.Paused, metrics.Epoch, metrics, null, null, seconds, model.History[^1].ValidationAccuracy);

        string onnx = Path.Combine(request.Folder, TrialFiles.Onnx);
        model.SaveOnnx(onnx);
        SaveModel(mlContext, model, Path.Combine(request.Folder, TrialFiles.Model));
        var cost = TrialCostMeter.Measure(model, request.Config, onnx, _data, trialSeconds);
        File.Delete(request.CheckpointPath);
        return new TrialOutcome(request.TrialId, TrialOutcomeKind.Completed, metrics.Epoch, metrics, cost, null, seconds, model.History[^1].ValidationAccuracy);
    }

    /// <summary>The featurizer and the classifier as one chain, or the classifier alone without a featurizer.</summary>
    private void SaveModel(MLContext mlContext, ImageClassificationTransformer model, string path)
    {
        if (_data.Featurizer is { } featurizer)
            AtomicFile.Write(path, temporary => mlContext.Model.Save(featurizer.Append(model), _data.FeaturizerInputSchema, temporary));
        else
            AtomicFile.Write(path, temporary => mlContext.Model.Save(model, _data.Train.Schema, temporary));
    }

    /// <summary>Adds a session's seconds to the trial's <c>sessions.json</c>; returns the seconds of all its sessions.</summary>
    private static double AddSession(string folder, double seconds)
    {
        string path = Path.Combine(folder, TrialFiles.Sessions);
        var sessions = File.Exists(path) ? TrialFiles.ReadJson<TrialSessions>(path) : new TrialSessions(0, 0);
        sessions = new TrialSessions(sessions.Sessions + 1, sessions.TrainSeconds + seconds);
        TrialFiles.WriteJson(path, sessions);
        return sessions.TrainSeconds;
    }
}

/// <summary>A trial's sessions so far and their training wall time.</summary>
/// <param name="Sessions">Sessions run, whatever their end.</param>
/// <param name="TrainSeconds">Their wall time, summed.</param>
public sealed record TrialSessions(int Sessions, double TrainSeconds);
