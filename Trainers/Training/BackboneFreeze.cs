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

    /// <summary>
    /// Puts every BatchNorm layer of <paramref name="network"/> in evaluation mode (the rest keeps its mode): the running
    /// statistics are used and left as they are; the layers' weights and biases still learn. Called at the start of each
    /// epoch, after the validation pass put the network back in training mode.
    /// </summary>
    public static void KeepBatchNormInEvaluation(nn.Module network)
    {
        foreach (var (_, module) in network.named_modules())
            if (module is TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm3d)
                module.eval();
    }
}
