using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>CPU copies of a network's state dict kept beside a run (the best epoch's, the weight average), and putting one back.</summary>
internal static class StateCopies
{
    /// <summary>A detached CPU copy of every tensor of <paramref name="state"/>, outside any dispose scope (the caller disposes it).</summary>
    public static Dictionary<string, Tensor> OnCpu(Dictionary<string, Tensor> state) =>
        state.ToDictionary(entry => entry.Key, entry => entry.Value.detach().to(CPU, copy: true).DetachFromDisposeScope());

    /// <summary>Copies <paramref name="state"/> into <paramref name="network"/>'s parameters and buffers.</summary>
    public static void LoadInto(nn.Module network, IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in network.state_dict())
            target.copy_(state[name]);
    }
}
