using System.Diagnostics;
using MlNetCnn.Trainers.Data;
using MlNetCnn.Trainers.Devices;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The one training core every trainer uses: shuffled mini-batches from memory, normalisation and augmentation on the
/// training device, a learning-rate schedule with warm-up, the optimiser of the options (<see cref="Optimizers"/>), one
/// dispose scope per step (<see cref="TrainingStep"/>).
/// </summary>
internal sealed class TrainingLoop
{
    private readonly ImageClassificationTrainerOptions _options;
    private readonly SelectedDevice _device;
    private readonly IChannel _channel;

    public TrainingLoop(ImageClassificationTrainerOptions options, SelectedDevice device, IChannel channel)
    {
        _options = options;
        _device = device;
        _channel = channel;
    }

    /// <summary>Trains <paramref name="network"/>; with <c>FreezeBackboneEpochs</c>, only the keys under <paramref name="headPrefix"/> learn at first.</summary>
    public IReadOnlyList<EpochMetrics> Run(nn.Module<Tensor, Tensor> network, TrainingData data, float[] mean, float[] std, string headPrefix)
    {
        var device = _device.ToTorch();
        long n = data.Count;
        int batchSize = (int)Math.Min(_options.BatchSize, n);
        // A last batch of one image would break BatchNorm's training statistics: it is left out of that epoch.
        int steps = (int)(n / batchSize) + (n % batchSize >= 2 ? 1 : 0);

        using var tf32 = new Tf32Scope(_options.AllowTf32, _device);
        using var optimizer = Optimizers.Create(_options, network);
        var trainingStep = new TrainingStep(network, optimizer, _options.LabelSmoothing, _options.GradientClipNorm);
        var learningRates = LearningRates.From(_options);
        using var generator = new Generator((ulong)_options.Seed);
        var augmentation = new BatchAugmentation(_options.RandomCropPadding, _options.HorizontalFlip, _options.RandomErasingProbability, generator);
        using var feed = new BatchFeed(data.Images, data.Labels, data.IsBytes, mean, std, augmentation, device);
        long totalSteps = (long)steps * _options.Epochs;
        double learningRate = _options.LearningRate;
        network.train();
        var history = new List<EpochMetrics>();
        var run = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            if (_options.FreezeBackboneEpochs > 0)
                BackboneFreeze.Set(network, headPrefix, frozen: epoch <= _options.FreezeBackboneEpochs);
            var clock = Stopwatch.StartNew();
            using var order = randperm(n, generator: generator);
            double lossSum = 0;
            long correct = 0, seen = 0;
            for (int step = 0; step < steps; step++)
            {
                _options.CancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                long start = (long)step * batchSize;
                var index = order.narrow(0, start, Math.Min(batchSize, n - start));
                var (x, y) = feed.Take(index);
                learningRate = learningRates.At((long)(epoch - 1) * steps + step, steps, totalSteps);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;

                var (loss, logits) = trainingStep.Run(x, y);

                long batch = index.shape[0];
                lossSum += loss.item<float>() * batch;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += batch;
                Report(epoch, step + 1, steps, lossSum / seen, (double)correct / seen, learningRate, seen / clock.Elapsed.TotalSeconds, run.Elapsed);
            }
            var metrics = new EpochMetrics(epoch, lossSum / seen, (double)correct / seen, learningRate, clock.Elapsed.TotalSeconds, seen / clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            _channel.Info(MessageSensitivity.None,
                $"Epoch {epoch}/{_options.Epochs} on {_device}: loss {metrics.TrainLoss:F4}, accuracy {metrics.TrainAccuracy:P2}, " +
                $"{metrics.Seconds:F1} s, {metrics.ImagesPerSecond:F1} images/s");
        }
        network.eval();
        return history;
    }

    private void Report(int epoch, int step, int steps, double loss, double accuracy, double learningRate, double imagesPerSecond, TimeSpan elapsed)
    {
        if (_options.Progress is null) return;
        double done = (epoch - 1 + step / (double)steps) / _options.Epochs;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - done) / Math.Max(done, 1e-9));
        _options.Progress.Report(new TrainingProgress(epoch, _options.Epochs, step, steps, loss, accuracy, learningRate,
            imagesPerSecond, eta, _device.ToString()));
    }
}
