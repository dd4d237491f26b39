using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>
/// MobileNet v2's inverted residual block in torchvision's layout: one Sequential <c>conv</c> of a 1×1 expansion
/// (omitted when the expansion ratio is 1), a 3×3 depthwise convolution (both <see cref="ConvNormAct"/> with ReLU6),
/// and a linear 1×1 projection with BatchNorm. The input is added to the output when stride is 1 and the width is
/// unchanged.
/// </summary>
public sealed class InvertedResidual : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Sequential conv;
    private readonly bool _useResidual;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Channels coming in.</param>
    /// <param name="outChannels">Channels going out.</param>
    /// <param name="stride">Stride of the depthwise convolution (1 or 2).</param>
    /// <param name="expandRatio">Width of the hidden layer as a multiple of <paramref name="inChannels"/>.</param>
    public InvertedResidual(long inChannels, long outChannels, long stride, double expandRatio) : base(nameof(InvertedResidual))
    {
        if (stride is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "An inverted residual block has stride 1 or 2.");
        long hidden = (long)Math.Round(inChannels * expandRatio, MidpointRounding.ToEven);
        _useResidual = stride == 1 && inChannels == outChannels;
        conv = Sequential();
        if (expandRatio != 1) conv.append(ConvNormAct.Create(inChannels, hidden, 1, activation: Activation.ReLU6));
        conv.append(ConvNormAct.Create(hidden, hidden, 3, stride: stride, groups: hidden, activation: Activation.ReLU6));
        conv.append(Conv2d(hidden, outChannels, 1, bias: false));
        conv.append(BatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (!_useResidual) return conv.forward(x);
        using var scope = NewDisposeScope();
        return conv.forward(x).add_(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input)
    {
        var y = context.Export(conv, nameof(conv), input);
        return _useResidual ? context.Add(input, y) : y;
    }
}
