using MlNetCnn.Trainers.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Scores the validation images after an epoch: the network in evaluation mode, no gradients, no augmentation, plain
/// cross-entropy (no label smoothing), in batches of the training batch size. The network is put back in training mode.
/// While the backbone is frozen and its features cached, the head alone scores the cached validation features.
/// </summary>
internal sealed class ValidationPass : IDisposable
{
    private readonly BatchFeed _feed;
    private readonly long _count;
    private readonly int _batchSize;
    private readonly int _classCount;

    public ValidationPass(TrainingData data, float[] mean, float[] std, int batchSize, int classCount, Device device, bool channelsLast = false)
    {
        // No augmentation draws no random numbers: validation leaves the training's random stream alone.
        _feed = new BatchFeed(data.Images, data.Labels, data.IsBytes, mean, std, BatchAugmentation.None, device, channelsLast);
        _count = data.Count;
        _batchSize = batchSize;
        _classCount = classCount;
    }

    /// <summary>Loss, accuracy and top-5 accuracy (null with 5 classes or fewer) of <paramref name="network"/> on the validation images.</summary>
    public EpochTally Score(nn.Module<Tensor, Tensor> network, CancellationToken cancellation) =>
        Score(network, _feed.Take, cancellation);

    /// <summary>
    /// The same figures for a network whose backbone is frozen, from its head alone on the validation features in
    /// <paramref name="cache"/>: the backbone does not run.
    /// </summary>
    public EpochTally Score(FeatureCache cache, CancellationToken cancellation)
    {
        if (cache.ValidationCount != _count)
            throw new ArgumentException($"The feature cache holds {cache.ValidationCount} validation rows; the validation set has {_count}.", nameof(cache));
        return Score(cache.Head, cache.TakeValidation, cancellation);
    }

    /// <summary>Scores <paramref name="module"/> on the validation rows, each batch's input and labels taken by <paramref name="take"/>.</summary>
    private EpochTally Score(nn.Module<Tensor, Tensor> module, Func<Tensor, (Tensor X, Tensor Y)> take, CancellationToken cancellation)
    {
        var tally = new EpochTally(_classCount);
        module.eval();
        try
        {
            using var noGrad = no_grad();
            for (long start = 0; start < _count; start += _batchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var index = arange(start, Math.Min(start + _batchSize, _count), dtype: ScalarType.Int64);
                var (x, y) = take(index);
                var logits = module.forward(x);
                tally.Add(TrainingStep.Loss(logits, y, 0), logits, y);
            }
        }
        finally
        {
            module.train();
        }
        return tally;
    }

    public void Dispose() => _feed.Dispose();
}
