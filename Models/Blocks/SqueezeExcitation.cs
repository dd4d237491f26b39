using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>An attention module a residual block applies to its branch before the shortcut is added.</summary>
/// <param name="Name">The attention's name, e.g. <c>se</c>.</param>
/// <param name="Create">Builds the module for a given number of channels.</param>
public sealed record BlockAttention(string Name, Func<long, Module<Tensor, Tensor>> Create);

/// <summary>
/// Squeeze-and-excitation (Hu et al. 2018): global average pool, 1×1 convolution to <c>channels / reduction</c>,
/// ReLU, 1×1 convolution back, sigmoid, and the input scaled channel by channel. Child names follow
/// torchvision's <c>ops.SqueezeExcitation</c> (<c>fc1</c>, <c>fc2</c>, both with bias). On a 1×1 map a 1×1
/// convolution is a linear layer, so it has exactly the parameters of the <c>Linear</c> form.
/// </summary>
public sealed class SqueezeExcitation : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Conv2d fc1;
    private readonly ReLU activation;
    private readonly Conv2d fc2;
    private readonly Sigmoid scale_activation;

    /// <summary>Creates the module for <paramref name="channels"/> channels.</summary>
    /// <param name="channels">Channels of the input (and output).</param>
    /// <param name="reduction">The squeeze ratio; the hidden width is <c>max(1, channels / reduction)</c>.</param>
    public SqueezeExcitation(long channels, int reduction = 16) : base(nameof(SqueezeExcitation))
    {
        if (reduction < 1)
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "The squeeze-excitation reduction must be at least 1.");
        long squeezed = Math.Max(1, channels / reduction);
        avgpool = AdaptiveAvgPool2d(1);
        fc1 = Conv2d(channels, squeezed, 1);
        activation = ReLU(inplace: true);
        fc2 = Conv2d(squeezed, channels, 1);
        scale_activation = Sigmoid();
        RegisterComponents();
    }

    /// <summary>Squeeze-excitation with the given reduction as a block attention (for the ResNet trunk).</summary>
    public static BlockAttention Attention(int reduction) => new("se", channels => new SqueezeExcitation(channels, reduction));

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = scale_activation.forward(fc2.forward(activation.forward(fc1.forward(avgpool.forward(x)))));
        return x.mul(scale).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input)
    {
        var scale = context.Export(avgpool, nameof(avgpool), input);
        scale = context.Export(activation, nameof(activation), context.Export(fc1, nameof(fc1), scale));
        scale = context.Export(scale_activation, nameof(scale_activation), context.Export(fc2, nameof(fc2), scale));
        return context.Mul(input, scale);
    }
}
