using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>The activation after a convolution.</summary>
public enum Activation
{
    /// <summary>No activation.</summary>
    None,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>min(max(0, x), 6), as in MobileNet.</summary>
    ReLU6,

    /// <summary>The logistic function, as in the classic LeNet-5.</summary>
    Sigmoid,
}

/// <summary>
/// Convolution, optional BatchNorm, activation — as a <c>Sequential</c> with children <c>0</c>, <c>1</c>,
/// <c>2</c>, the layout of torchvision's <c>Conv2dNormActivation</c>, so state-dict keys match it. Exported
/// by the Sequential and layer exporters; no ONNX code of its own.
/// </summary>
public static class ConvNormAct
{
    /// <summary>Builds the block. Padding defaults to <c>(kernel − 1) / 2</c> ("same" for odd kernels at stride 1).</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding; null for <c>(kernel − 1) / 2</c>.</param>
    /// <param name="groups">Groups (<paramref name="inChannels"/> for a depthwise convolution).</param>
    /// <param name="batchNorm">Whether a BatchNorm follows (the convolution then has no bias).</param>
    /// <param name="activation">The activation at the end.</param>
    /// <param name="batchNormEpsilon">BatchNorm epsilon.</param>
    public static Sequential Create(long inChannels, long outChannels, long kernelSize, long stride = 1, long? padding = null,
        long groups = 1, bool batchNorm = true, Activation activation = Activation.ReLU, double batchNormEpsilon = 1e-5)
    {
        var block = Sequential();
        block.append(Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding ?? (kernelSize - 1) / 2,
            groups: groups, bias: !batchNorm));
        if (batchNorm) block.append(BatchNorm2d(outChannels, eps: batchNormEpsilon));
        var act = Create(activation);
        if (act is not null) block.append(act);
        return block;
    }

    /// <summary>The activation layer, or null for <see cref="Activation.None"/>.</summary>
    public static Module<Tensor, Tensor>? Create(Activation activation) => activation switch
    {
        Activation.None => null,
        Activation.ReLU => ReLU(inplace: true),
        Activation.ReLU6 => ReLU6(inplace: true),
        Activation.Sigmoid => Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
