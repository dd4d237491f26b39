using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>
/// MobileNet v1's depthwise-separable convolution: a 3×3 depthwise <see cref="ConvNormAct"/> (carrying the stride)
/// then a 1×1 pointwise <see cref="ConvNormAct"/>, both with BatchNorm and ReLU — a <see cref="TorchSharp.Modules.Sequential"/> with
/// children <c>0</c> (depthwise) and <c>1</c> (pointwise). Exported by the Sequential and layer exporters.
/// </summary>
public static class DepthwiseSeparable
{
    /// <summary>Builds the block.</summary>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels going out.</param>
    /// <param name="stride">Stride of the depthwise convolution.</param>
    public static Sequential Create(long inChannels, long outChannels, long stride) =>
        Sequential(
            ConvNormAct.Create(inChannels, inChannels, 3, stride: stride, groups: inChannels),
            ConvNormAct.Create(inChannels, outChannels, 1));
}
