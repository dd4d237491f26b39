using System.Diagnostics;
using MlNetCnn.Models.Native;
using MlNetCnn.Trainers.Data;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training.Checkpoints;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>What a run of <see cref="TrainingLoop"/> did.</summary>
/// <param name="History">Every epoch's metrics, those before a resume included.</param>
/// <param name="BestEpoch">The epoch whose weights the network holds at the end.</param>
/// <param name="StoppedEarly">True when early stopping ended the run.</param>
/// <param name="ResumedAfterEpoch">The checkpoint's epoch when the run resumed; else 0.</param>
internal sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int BestEpoch, bool StoppedEarly, int ResumedAfterEpoch);

/// <summary>
/// The one training core every trainer uses: shuffled mini-batches from memory, normalisation and augmentation on the
/// training device, a learning-rate schedule with warm-up, the optimiser of the options (<see cref="Optimizers"/>), one
/// dispose scope per step (<see cref="TrainingStep"/>); after each epoch the validation pass, the best-epoch tracker
/// (early stopping), the weight average of the last epochs and the checkpoint; a run can start from a checkpoint and go
/// on exactly as if it had never stopped.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly ImageClassificationTrainerOptions _options;
    private readonly RunRecipe _recipe;
    private readonly SelectedDevice _device;
    private readonly IChannel _channel;

    public TrainingLoop(ImageClassificationTrainerOptions options, RunRecipe recipe, SelectedDevice device, IChannel channel)
    {
        _options = options;
        _recipe = recipe;
        _device = device;
        _channel = channel;
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/>, scoring <paramref name="validation"/> after each
    /// epoch when given; with <c>FreezeBackboneEpochs</c>, only the keys under <paramref name="headPrefix"/> learn at first —
    /// with <c>CacheBackboneFeatures</c>, the head alone on the backbone's cached output (<see cref="FeatureCache"/>).
    /// </summary>
    public TrainingResult Run(nn.Module<Tensor, Tensor> network, TrainingData train, TrainingData? validation, int classCount,
        float[] mean, float[] std, string headPrefix, CheckpointIdentity identity)
    {
        var device = _device.ToTorch();
        var cancellation = _options.CancellationToken;
        long n = train.Count;
        int batchSize = (int)Math.Min(_recipe.Recipe.BatchSize, n);
        // A last batch of one image would break BatchNorm's training statistics: it is left out of that epoch.
        int steps = (int)(n / batchSize) + (n % batchSize >= 2 ? 1 : 0);

        using var tf32 = new Tf32Scope(_options.AllowTf32, _device);
        using var optimizer = Optimizers.Create(_recipe.Recipe, network, headPrefix);
        double[] rateScales = Optimizers.RateScales(optimizer, _recipe.Recipe);
        var trainingStep = new TrainingStep(network, optimizer, _recipe.Recipe.LabelSmoothing, _options.GradientClipNorm);
        var learningRates = _recipe.LearningRates(_options);
        using var generator = new Generator((ulong)_options.Seed);
        var augmentation = BatchAugmentation.Of(_recipe, generator);
        var mixup = new Mixup(_recipe.MixupAlpha, generator);
        bool channelsLast = ChooseLayout(network, train);
        using var feed = new BatchFeed(train.Images, train.Labels, train.IsBytes, mean, std, augmentation, device, channelsLast);
        using var validationPass = validation is null ? null
            : new ValidationPass(validation, mean, std, _recipe.Recipe.BatchSize, classCount, device, channelsLast);
        using var tracker = new BestEpochTracker(_options.MonitorMetric, _options.EarlyStoppingMinDelta, _options.EarlyStoppingPatience,
            keepWeights: validation is not null && _options.RestoreBestWeights);
        using var average = new WeightAverage(_options.Epochs, _recipe.Recipe.WeightAveragingEpochs);
        var runState = new TrainingCheckpoint.RunState(network, optimizer, generator);
        long totalSteps = (long)steps * _options.Epochs;
        var history = new List<EpochMetrics>();
        int resumedAfter = _options.ResumeFromCheckpoint is { } resumePath ? Resume(resumePath, identity, runState, tracker, average, history) : 0;
        network.train();
        var run = Stopwatch.StartNew();

        int lastEpoch = Math.Min(_options.Epochs, _options.PauseAfterEpoch ?? _options.Epochs);
        if (resumedAfter >= lastEpoch)
            throw new ArgumentException(
                $"Checkpoint '{_options.ResumeFromCheckpoint}' has finished {resumedAfter} epochs; PauseAfterEpoch is {lastEpoch}. Pause later, or leave it unset.",
                nameof(_options.PauseAfterEpoch));
        int frozenEpochs = _recipe.Recipe.FreezeBackboneEpochs;
        using var headOnly = new HeadOnlyTraining(_recipe.Recipe.CacheBackboneFeatures, () => BuildCache(network, headPrefix, train, validation, mean, std, channelsLast),
            cache => new TrainingStep(cache.Head, optimizer, _recipe.Recipe.LabelSmoothing, _options.GradientClipNorm));
        for (int epoch = resumedAfter + 1; epoch <= lastEpoch && !tracker.ShouldStop; epoch++)
        {
            if (frozenEpochs > 0)
                BackboneFreeze.Set(network, headPrefix, frozen: epoch <= frozenEpochs);
            if (_recipe.Recipe.FreezeBatchNorm)
                BackboneFreeze.KeepBatchNormInEvaluation(network);
            var clock = Stopwatch.StartNew();
            int epochNumber = epoch;
            var headStep = headOnly.For(epoch <= frozenEpochs, out double? featureSeconds);
            Func<Tensor, (Tensor X, Tensor Y)> take = headStep is { } cached ? index => cached.Cache.Take(epochNumber, index) : feed.Take;
            var stepper = headStep?.Step ?? trainingStep;
            using var order = randperm(n, generator: generator);
            var tally = new EpochTally(classCount);
            double learningRate = _recipe.Recipe.LearningRate;
            for (int step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long start = (long)step * batchSize;
                var index = order.narrow(0, start, Math.Min(batchSize, n - start));
                var (x, y) = take(index);
                MixedTargets? mixed = null;
                if (mixup.IsActive) (x, mixed) = mixup.Apply(x, y);
                learningRate = learningRates.At((long)(epoch - 1) * steps + step, steps, totalSteps);
                foreach (var (group, scale) in optimizer.ParamGroups.Zip(rateScales)) group.LearningRate = learningRate * scale;

                var (_, logits, lossValue) = stepper.Run(x, y, mixed);
                if (!float.IsFinite(lossValue))
                    throw Diverged(epoch, step + 1, steps, learningRate, lossValue, tally, clock.Elapsed.TotalSeconds, history);
                tally.Add(lossValue, logits, y);
                Report(epoch, step + 1, steps, tally, learningRate, tally.Seen / clock.Elapsed.TotalSeconds, run.Elapsed, resumedAfter, null);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var validationClock = Stopwatch.StartNew();
            var scored = headStep is { } frozen && validationPass is not null
                ? validationPass.Score(frozen.Cache, cancellation)
                : validationPass?.Score(network, cancellation);
            var metrics = new EpochMetrics(epoch, tally.Loss, tally.Accuracy, learningRate, seconds, tally.Seen / seconds, tally.TopKAccuracy,
                scored?.Loss, scored?.Accuracy, scored?.TopKAccuracy, featureSeconds, scored is null ? null : validationClock.Elapsed.TotalSeconds);
            history.Add(metrics);
            tracker.Observe(metrics, network);
            average.Observe(epoch, network);
            Report(epoch, steps, steps, tally, learningRate, metrics.ImagesPerSecond, run.Elapsed, resumedAfter, metrics);
            Log(metrics);
            if (_options.CheckpointPath is { } checkpointPath &&
                (epoch % _options.CheckpointEveryEpochs == 0 || epoch == lastEpoch || tracker.ShouldStop))
                SaveCheckpoint(checkpointPath, identity, epoch, history, tracker, average, runState);
        }

        bool stoppedEarly = tracker.ShouldStop && history[^1].Epoch < _options.Epochs;
        if (stoppedEarly)
            _channel.Info(MessageSensitivity.None,
                $"Early stopping after epoch {history[^1].Epoch}: validation {_options.MonitorMetric} has not improved for {tracker.EpochsWithoutImprovement} epochs.");
        int bestEpoch = history.Count == 0 ? 0 : history[^1].Epoch;
        if (average.LoadInto(network))
            LogAverage(average, validationPass, network);
        else if (tracker.LoadBestInto(network))
        {
            bestEpoch = tracker.BestEpoch;
            _channel.Info(MessageSensitivity.None, $"The model carries the weights of epoch {bestEpoch}, the best by validation {_options.MonitorMetric} ({tracker.BestValue:F4}).");
        }
        network.eval();
        return new TrainingResult(history, bestEpoch, stoppedEarly, resumedAfter);
    }

    /// <summary>Channels-last batches when the device prefers them and the network computes the same with them (logged).</summary>
    private bool ChooseLayout(nn.Module<Tensor, Tensor> network, TrainingData train)
    {
        var shape = train.Images.shape;
        bool channelsLast = MemoryLayout.ChooseChannelsLast(network, _device.ToTorch(), shape.Skip(1).ToArray(), out string reason);
        _channel.Info(MessageSensitivity.None, $"Batches in {(channelsLast ? "channels-last" : "the default")} layout: {reason}.");
        return channelsLast;
    }

    /// <summary>The backbone's features for head-only epochs, or null (logged) when the network's head cannot be trained alone.</summary>
    private FeatureCache? BuildCache(nn.Module<Tensor, Tensor> network, string headPrefix, TrainingData train, TrainingData? validation,
        float[] mean, float[] std, bool channelsLast)
    {
        var clock = Stopwatch.StartNew();
        var cache = FeatureCache.Build(network, headPrefix, train, validation, mean, std, _recipe, _options.FeatureCachePasses, _options.Seed, _device.ToTorch(),
            _options.CancellationToken, out string? refusal, channelsLast);
        _channel.Info(MessageSensitivity.None, cache is null
            ? $"Backbone features not cached: {refusal}; the frozen epochs train through the backbone."
            : $"Cached the backbone's features of {train.Count} images ({_options.FeatureCachePasses} pass(es))" +
              (validation is null ? "" : $" and {validation.Count} validation images") +
              $" in {clock.Elapsed.TotalSeconds:F1} s; the frozen epochs train and validate the head alone.");
        return cache;
    }

    /// <summary>The error for a non-finite loss, after recording the diverged epoch (up to the step before) in the history.</summary>
    private TrainingDivergedException Diverged(int epoch, int step, int steps, double learningRate, float loss, EpochTally tally, double seconds,
        List<EpochMetrics> history)
    {
        history.Add(new EpochMetrics(epoch, double.NaN, tally.Accuracy, learningRate, seconds, tally.Seen / Math.Max(seconds, 1e-9), tally.TopKAccuracy));
        _channel.Error(MessageSensitivity.None, $"Epoch {epoch}, step {step}: the loss is {loss}; training stopped.");
        return new TrainingDivergedException(epoch, step, steps, learningRate, loss, history);
    }

    /// <summary>Says which epochs the model's averaged weights come from and, with validation images, how they score.</summary>
    private void LogAverage(WeightAverage average, ValidationPass? validationPass, nn.Module<Tensor, Tensor> network)
    {
        string scored = "";
        if (validationPass is not null)
        {
            var tally = validationPass.Score(network, _options.CancellationToken);
            scored = $": validation loss {tally.Loss:F4}, accuracy {tally.Accuracy:P2}";
        }
        _channel.Info(MessageSensitivity.None, $"The model carries the mean of the weights after epochs {average.Window}{scored}.");
    }

    private int Resume(string path, CheckpointIdentity identity, TrainingCheckpoint.RunState runState, BestEpochTracker tracker, WeightAverage average,
        List<EpochMetrics> history)
    {
        var (header, bestWeights, averageWeights) = TrainingCheckpoint.Load(path, identity, runState);
        tracker.Restore(header.BestEpoch, header.BestValue, header.EpochsWithoutImprovement, bestWeights);
        average.Restore(header.AveragedEpochs, averageWeights);
        if (header.Epoch >= _options.Epochs)
            throw new ArgumentException(
                $"Checkpoint '{path}' has finished {header.Epoch} epochs; Epochs is {_options.Epochs}. Raise Epochs to train on, or leave ResumeFromCheckpoint unset.",
                nameof(_options.Epochs));
        history.AddRange(header.History);
        _channel.Info(MessageSensitivity.None, $"Resumed from '{path}' after epoch {header.Epoch} (saved {header.SavedUtc:u}).");
        return header.Epoch;
    }

    private void SaveCheckpoint(string path, CheckpointIdentity identity, int epoch, List<EpochMetrics> history, BestEpochTracker tracker,
        WeightAverage average, TrainingCheckpoint.RunState runState)
    {
        var clock = Stopwatch.StartNew();
        var header = new CheckpointHeader(CheckpointHeader.CurrentFormat, identity, epoch, history.ToList(), tracker.BestEpoch, tracker.BestValue,
            tracker.EpochsWithoutImprovement, DateTime.UtcNow, average.Count);
        TrainingCheckpoint.Save(path, header, runState, tracker.BestWeights, average.Mean);
        _channel.Info(MessageSensitivity.None, $"Checkpoint after epoch {epoch} written to '{path}' in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private void Log(EpochMetrics m)
    {
        string validation = m.ValidationAccuracy is double accuracy
            ? $"; validation loss {m.ValidationLoss:F4}, accuracy {accuracy:P2}" + (m.ValidationTop5Accuracy is double top5 ? $", top-5 {top5:P2}" : "")
            : "";
        _channel.Info(MessageSensitivity.None,
            $"Epoch {m.Epoch}/{_options.Epochs} on {_device}: loss {m.TrainLoss:F4}, accuracy {m.TrainAccuracy:P2}, " +
            $"{m.Seconds:F1} s, {m.ImagesPerSecond:F1} images/s{validation}");
    }

    private void Report(int epoch, int step, int steps, EpochTally tally, double learningRate, double imagesPerSecond, TimeSpan elapsed, int resumedAfter,
        EpochMetrics? completed)
    {
        if (_options.Progress is null) return;
        // The ETA counts only the epochs of this session, so a resumed run does not underestimate it.
        double done = (epoch - 1 - resumedAfter + step / (double)steps) / (_options.Epochs - resumedAfter);
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / Math.Max(done, 1e-9));
        _options.Progress.Report(new TrainingProgress(epoch, _options.Epochs, step, steps, tally.Loss, tally.Accuracy, learningRate,
            imagesPerSecond, eta, _device.ToString(), completed));
    }
}
