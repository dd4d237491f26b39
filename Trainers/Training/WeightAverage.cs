using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Stochastic weight averaging (Izmailov et al. 2018): the running mean, on the CPU, of the network's weights at the end of
/// each of the run's last epochs. Floating-point buffers (BatchNorm's running statistics) are averaged the same way, as
/// PyTorch's <c>AveragedModel(use_buffers=True)</c> does; integer buffers (BatchNorm's batch count) keep their last value.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly int _firstEpoch;
    private Dictionary<string, Tensor>? _mean;

    /// <param name="epochs">The run's epoch count.</param>
    /// <param name="lastEpochs">How many of its last epochs are averaged; 0 for none.</param>
    public WeightAverage(int epochs, int lastEpochs)
    {
        _firstEpoch = lastEpochs > 0 ? epochs - lastEpochs + 1 : int.MaxValue;
    }

    /// <summary>Epochs averaged so far.</summary>
    public int Count { get; private set; }

    /// <summary>The mean so far, on the CPU; null before the first averaged epoch.</summary>
    public IReadOnlyDictionary<string, Tensor>? Mean => _mean;

    /// <summary>The first and the last epoch averaged so far, for the log.</summary>
    public string Window => $"{_firstEpoch}–{_firstEpoch + Count - 1}";

    /// <summary>Adds the network's state at the end of <paramref name="epoch"/> when the epoch is in the window.</summary>
    public void Observe(int epoch, nn.Module network)
    {
        if (epoch < _firstEpoch) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var state = network.state_dict();
        if (_mean is null)
        {
            _mean = StateCopies.OnCpu(state);
            Count = 1;
            return;
        }
        Count++;
        foreach (var (name, value) in state)
        {
            var mean = _mean[name];
            var current = value.detach().to(CPU);
            if (mean.is_floating_point())
                mean.add_(current.sub(mean), alpha: 1.0 / Count);
            else
                mean.copy_(current);
        }
    }

    /// <summary>Puts back a checkpoint's mean and count, taking ownership of <paramref name="mean"/> (disposed when empty).</summary>
    public void Restore(int count, Dictionary<string, Tensor> mean)
    {
        DisposeMean();
        if (count > 0 && mean.Count > 0)
        {
            _mean = mean;
            Count = count;
        }
        else
        {
            foreach (var tensor in mean.Values) tensor.Dispose();
            Count = 0;
        }
    }

    /// <summary>Loads the mean into <paramref name="network"/>; false before the first averaged epoch.</summary>
    public bool LoadInto(nn.Module network)
    {
        if (_mean is null) return false;
        StateCopies.LoadInto(network, _mean);
        return true;
    }

    private void DisposeMean()
    {
        if (_mean is null) return;
        foreach (var tensor in _mean.Values) tensor.Dispose();
        _mean = null;
    }

    public void Dispose() => DisposeMean();
}
