using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>ResNet's basic block: two 3×3 convolutions with BatchNorm (torchvision child names).</summary>
public sealed class BasicBlock : ResidualBlock
{
    /// <summary>The block kind for the ResNet trunk (expansion 1).</summary>
    public static readonly ResidualBlockKind Kind = new("basic", 1, args => new BasicBlock(args));

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;

    /// <summary>Creates the block.</summary>
    public BasicBlock(ResidualBlockArgs args) : base(nameof(BasicBlock), args, args.Planes * Kind.Expansion)
    {
        conv1 = Conv2d(args.InPlanes, args.Planes, 3, stride: args.Stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(args.Planes);
        conv2 = Conv2d(args.Planes, args.Planes, 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(args.Planes);
        RegisterComponents();
    }

    /// <inheritdoc />
    protected override Tensor Body(Tensor x) => bn2.forward(conv2.forward(bn1.forward(conv1.forward(x)).relu_()));

    /// <inheritdoc />
    protected override OnnxValue ExportBody(OnnxExportContext c, OnnxValue x)
    {
        var y = c.Relu(c.Export(bn1, nameof(bn1), c.Export(conv1, nameof(conv1), x)));
        return c.Export(bn2, nameof(bn2), c.Export(conv2, nameof(conv2), y));
    }
}
