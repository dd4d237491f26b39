using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>
/// DenseNet's bottleneck layer in torchvision's layout and child names: BN-ReLU-1×1 convolution to
/// <c>bnSize × growthRate</c> channels (<c>norm1</c>, <c>relu1</c>, <c>conv1</c>), then BN-ReLU-3×3 convolution to
/// <c>growthRate</c> channels (<c>norm2</c>, <c>relu2</c>, <c>conv2</c>). Its output is its input with the new
/// features appended (<c>[x, new]</c> along the channels), so a dense block is a plain <see cref="TorchSharp.Modules.Sequential"/> of
/// layers and equals torchvision's <c>_DenseBlock</c>, which concatenates all earlier outputs in that order.
/// </summary>
public sealed class DenseLayer : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly BatchNorm2d norm1;
    private readonly ReLU relu1;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm2;
    private readonly ReLU relu2;
    private readonly Conv2d conv2;

    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Channels coming in (all earlier features of the block).</param>
    /// <param name="growthRate">New channels this layer adds.</param>
    /// <param name="bnSize">Width of the bottleneck as a multiple of <paramref name="growthRate"/> (4 in the paper).</param>
    public DenseLayer(long inChannels, long growthRate, long bnSize = 4) : base(nameof(DenseLayer))
    {
        norm1 = BatchNorm2d(inChannels);
        relu1 = ReLU(inplace: true);
        conv1 = Conv2d(inChannels, bnSize * growthRate, 1, bias: false);
        norm2 = BatchNorm2d(bnSize * growthRate);
        relu2 = ReLU(inplace: true);
        conv2 = Conv2d(bnSize * growthRate, growthRate, 3, padding: 1, bias: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = conv1.forward(relu1.forward(norm1.forward(x)));
        y = conv2.forward(relu2.forward(norm2.forward(y)));
        return cat(new[] { x, y }, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input)
    {
        var y = context.Export(conv1, nameof(conv1), context.Export(relu1, nameof(relu1), context.Export(norm1, nameof(norm1), input)));
        y = context.Export(conv2, nameof(conv2), context.Export(relu2, nameof(relu2), context.Export(norm2, nameof(norm2), y)));
        return context.ConcatChannels(new[] { input, y });
    }
}
