using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Follows the monitored validation metric epoch by epoch: remembers the best epoch (and, when asked, a CPU copy of its
/// weights and buffers) and says when early stopping's patience has run out.
/// </summary>
internal sealed class BestEpochTracker : IDisposable
{
    private readonly ValidationMetric _metric;
    private readonly double _minDelta;
    private readonly int? _patience;
    private readonly bool _keepWeights;
    private Dictionary<string, Tensor>? _bestWeights;

    public BestEpochTracker(ValidationMetric metric, double minDelta, int? patience, bool keepWeights)
    {
        _metric = metric;
        _minDelta = minDelta;
        _patience = patience;
        _keepWeights = keepWeights;
    }

    /// <summary>The best epoch so far; 0 before any epoch with validation figures.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The monitored value of <see cref="BestEpoch"/>.</summary>
    public double BestValue { get; private set; } = double.NaN;

    /// <summary>Epochs in a row, up to the last, without an improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>True once early stopping's patience has run out.</summary>
    public bool ShouldStop => _patience is int patience && EpochsWithoutImprovement >= patience;

    /// <summary>The best epoch's state dict on the CPU, when weights are kept and an epoch has been seen.</summary>
    public IReadOnlyDictionary<string, Tensor>? BestWeights => _bestWeights;

    /// <summary>Takes the figures of a finished epoch; copies the network's state when the epoch is the best so far.</summary>
    public void Observe(EpochMetrics metrics, nn.Module network)
    {
        if (metrics.Validation(_metric) is not double value) return;
        if (BestEpoch == 0 || Improves(value))
        {
            BestEpoch = metrics.Epoch;
            BestValue = value;
            EpochsWithoutImprovement = 0;
            if (_keepWeights) KeepWeights(network.state_dict());
        }
        else
        {
            EpochsWithoutImprovement++;
        }
    }

    /// <summary>
    /// Puts back the state a checkpoint recorded, taking ownership of <paramref name="bestWeights"/> (CPU tensors, kept
    /// as they are, or disposed when this tracker keeps no weights or the dictionary is empty).
    /// </summary>
    public void Restore(int bestEpoch, double bestValue, int epochsWithoutImprovement, Dictionary<string, Tensor> bestWeights)
    {
        BestEpoch = bestEpoch;
        BestValue = bestValue;
        EpochsWithoutImprovement = epochsWithoutImprovement;
        DisposeWeights();
        if (_keepWeights && bestWeights.Count > 0)
            _bestWeights = bestWeights;
        else
            foreach (var tensor in bestWeights.Values) tensor.Dispose();
    }

    /// <summary>Loads the best epoch's weights into <paramref name="network"/>; false when none were kept.</summary>
    public bool LoadBestInto(nn.Module network)
    {
        if (_bestWeights is null) return false;
        StateCopies.LoadInto(network, _bestWeights);
        return true;
    }

    private bool Improves(double value) => _metric == ValidationMetric.Loss
        ? value < BestValue - _minDelta
        : value > BestValue + _minDelta;

    private void KeepWeights(Dictionary<string, Tensor> state)
    {
        var copy = StateCopies.OnCpu(state);
        DisposeWeights();
        _bestWeights = copy;
    }

    private void DisposeWeights()
    {
        if (_bestWeights is null) return;
        foreach (var tensor in _bestWeights.Values) tensor.Dispose();
        _bestWeights = null;
    }

    public void Dispose() => DisposeWeights();
}
