using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>
/// DenseNet's transition between dense blocks: BN-ReLU-1×1 convolution, then 2×2 average pooling with stride 2 —
/// a <see cref="TorchSharp.Modules.Sequential"/> with torchvision's child names <c>norm</c>, <c>relu</c>, <c>conv</c>, <c>pool</c>.
/// Exported by the Sequential and layer exporters.
/// </summary>
public static class DenseTransition
{
    /// <summary>Builds the transition.</summary>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels going out (the block's channels × the compression, ½ in the paper).</param>
    public static Sequential Create(long inChannels, long outChannels) =>
        Sequential(
            ("norm", BatchNorm2d(inChannels)),
            ("relu", ReLU(inplace: true)),
            ("conv", Conv2d(inChannels, outChannels, 1, bias: false)),
            ("pool", AvgPool2d(2, stride: 2)));
}
