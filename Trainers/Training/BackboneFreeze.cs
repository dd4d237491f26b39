using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Freezes and thaws everything but the classifier head, for the first epochs of transfer learning. Only
/// <c>requires_grad</c> changes: modules keep their mode, so BatchNorm layers stay in training mode. A frozen
/// parameter gets no gradient, and SGD leaves a parameter without a gradient untouched (no momentum, no weight decay).
/// </summary>
internal static class BackboneFreeze
{
    /// <summary>Sets <c>requires_grad</c> of every parameter whose key does not start with <paramref name="headPrefix"/> to <c>!frozen</c>.</summary>
    public static void Set(nn.Module network, string headPrefix, bool frozen)
    {
        foreach (var (name, parameter) in network.named_parameters())
            if (!name.StartsWith(headPrefix, StringComparison.Ordinal))
                parameter.requires_grad = !frozen;
    }
}
