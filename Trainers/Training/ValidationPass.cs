using MlNetCnn.Trainers.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Scores the validation images after an epoch: the network in evaluation mode, no gradients, no augmentation, plain
/// cross-entropy (no label smoothing), in batches of the training batch size. The network is put back in training mode.
/// </summary>
internal sealed class ValidationPass : IDisposable
{
    private readonly BatchFeed _feed;
    private readonly long _count;
    private readonly int _batchSize;
    private readonly int _classCount;

    public ValidationPass(TrainingData data, float[] mean, float[] std, int batchSize, int classCount, Device device)
    {
        // No augmentation draws no random numbers: validation leaves the training's random stream alone.
        _feed = new BatchFeed(data.Images, data.Labels, data.IsBytes, mean, std, BatchAugmentation.None, device);
        _count = data.Count;
        _batchSize = batchSize;
        _classCount = classCount;
    }

    /// <summary>Loss, accuracy and top-5 accuracy (null with 5 classes or fewer) of <paramref name="network"/> on the validation images.</summary>
    public EpochTally Score(nn.Module<Tensor, Tensor> network, CancellationToken cancellation)
    {
        var tally = new EpochTally(_classCount);
        network.eval();
        try
        {
            using var noGrad = no_grad();
            for (long start = 0; start < _count; start += _batchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var index = arange(start, Math.Min(start + _batchSize, _count), dtype: ScalarType.Int64);
                var (x, y) = _feed.Take(index);
                var logits = network.forward(x);
                tally.Add(TrainingStep.Loss(logits, y, 0), logits, y);
            }
        }
        finally
        {
            network.train();
        }
        return tally;
    }

    public void Dispose() => _feed.Dispose();
}
