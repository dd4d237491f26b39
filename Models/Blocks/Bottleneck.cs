using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>ResNet's bottleneck block: 1×1 reduce, 3×3 (carrying the stride, as torchvision v1.5), 1×1 expand ×4.</summary>
public sealed class Bottleneck : ResidualBlock
{
    /// <summary>The block kind for the ResNet trunk (expansion 4).</summary>
    public static readonly ResidualBlockKind Kind = new("bottleneck", 4, args => new Bottleneck(args));

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;

    /// <summary>Creates the block.</summary>
    public Bottleneck(ResidualBlockArgs args) : base(nameof(Bottleneck), args, args.Planes * Kind.Expansion)
    {
        long outPlanes = args.Planes * Kind.Expansion;
        conv1 = Conv2d(args.InPlanes, args.Planes, 1, bias: false);
        bn1 = BatchNorm2d(args.Planes);
        conv2 = Conv2d(args.Planes, args.Planes, 3, stride: args.Stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(args.Planes);
        conv3 = Conv2d(args.Planes, outPlanes, 1, bias: false);
        bn3 = BatchNorm2d(outPlanes);
        RegisterComponents();
    }

    /// <inheritdoc />
    protected override Tensor Body(Tensor x)
    {
        var y = bn1.forward(conv1.forward(x)).relu_();
        y = bn2.forward(conv2.forward(y)).relu_();
        return bn3.forward(conv3.forward(y));
    }

    /// <inheritdoc />
    protected override OnnxValue ExportBody(OnnxExportContext c, OnnxValue x)
    {
        var y = c.Relu(c.Export(bn1, nameof(bn1), c.Export(conv1, nameof(conv1), x)));
        y = c.Relu(c.Export(bn2, nameof(bn2), c.Export(conv2, nameof(conv2), y)));
        return c.Export(bn3, nameof(bn3), c.Export(conv3, nameof(conv3), y));
    }
}
