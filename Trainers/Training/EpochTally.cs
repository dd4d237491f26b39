using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Running loss, top-1 and top-5 counts over the batches of one pass, training or validation: one place where a
/// batch's figures are read back from the device.
/// </summary>
internal sealed class EpochTally
{
    /// <summary>Top-5 accuracy is reported only when there are more classes than this.</summary>
    public const int TopK = 5;

    private readonly bool _topK;
    private double _lossSum;
    private long _correct, _correctTopK;

    /// <param name="classCount">Classes of the task; top-5 is counted only when there are more than 5.</param>
    public EpochTally(int classCount) => _topK = classCount > TopK;

    /// <summary>Images counted so far.</summary>
    public long Seen { get; private set; }

    public double Loss => _lossSum / Math.Max(Seen, 1);

    public double Accuracy => (double)_correct / Math.Max(Seen, 1);

    public double? TopKAccuracy => _topK ? (double)_correctTopK / Math.Max(Seen, 1) : null;

    /// <summary>Adds one batch: its mean loss and its logits against the labels <paramref name="y"/>.</summary>
    public void Add(Tensor meanLoss, Tensor logits, Tensor y) => Add(meanLoss.item<float>(), logits, y);

    /// <summary>Adds one batch whose mean loss was already read from the device (the training step reads it once).</summary>
    public void Add(float meanLoss, Tensor logits, Tensor y)
    {
        long batch = y.shape[0];
        _lossSum += meanLoss * batch;
        if (_topK)
        {
            // One top-5 pass gives both figures: column 0 is the arg-max.
            var hits = logits.topk(TopK, dim: 1).indexes.eq(y.unsqueeze(1));
            _correct += hits.select(1, 0).sum().item<long>();
            _correctTopK += hits.sum().item<long>();
        }
        else
        {
            _correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        Seen += batch;
    }
}
