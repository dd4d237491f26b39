using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>
/// GoogLeNet's convolution unit: convolution without bias, BatchNorm with epsilon 0.001, ReLU — as a
/// <see cref="TorchSharp.Modules.Sequential"/> with children <c>conv</c>, <c>bn</c>, <c>relu</c>, so state-dict keys match torchvision's
/// <c>BasicConv2d</c> (its ReLU is functional and holds no state). Exported by the Sequential and layer exporters;
/// the BatchNorm exporter writes the 0.001 epsilon, and folding uses it.
/// </summary>
public static class BasicConv2d
{
    /// <summary>torchvision's BatchNorm epsilon in GoogLeNet and Inception.</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Builds the unit.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding.</param>
    public static Sequential Create(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0) =>
        Sequential(
            ("conv", Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: false)),
            ("bn", BatchNorm2d(outChannels, eps: BatchNormEpsilon)),
            ("relu", ReLU(inplace: true)));
}
