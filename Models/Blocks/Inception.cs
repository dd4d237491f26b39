using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>The widths of one Inception block (the columns of table 1 in Szegedy et al. 2015).</summary>
/// <param name="InChannels">Channels coming in.</param>
/// <param name="Ch1x1">Branch 1: 1×1 convolution.</param>
/// <param name="Ch3x3Reduce">Branch 2: 1×1 reduction before the 3×3 convolution.</param>
/// <param name="Ch3x3">Branch 2: 3×3 convolution.</param>
/// <param name="Ch5x5Reduce">Branch 3: 1×1 reduction before the "5×5" convolution.</param>
/// <param name="Ch5x5">Branch 3: the "5×5" convolution (3×3 in torchvision, see <see cref="Inception"/>).</param>
/// <param name="PoolProj">Branch 4: 1×1 projection after the 3×3 max-pool.</param>
public sealed record InceptionConfig(long InChannels, long Ch1x1, long Ch3x3Reduce, long Ch3x3, long Ch5x5Reduce, long Ch5x5, long PoolProj)
{
    /// <summary>Channels going out: the four branches concatenated.</summary>
    public long OutChannels => Ch1x1 + Ch3x3 + Ch5x5 + PoolProj;
}

/// <summary>
/// GoogLeNet's Inception block in torchvision's layout: four parallel branches (<c>branch1</c>…<c>branch4</c>) whose
/// outputs are concatenated along the channels. As in torchvision (and so in its weights), branch 3 uses a 3×3
/// convolution where the paper has 5×5.
/// </summary>
public sealed class Inception : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Sequential branch1;
    private readonly Sequential branch2;
    private readonly Sequential branch3;
    private readonly Sequential branch4;

    /// <summary>Creates the block.</summary>
    public Inception(InceptionConfig config) : base(nameof(Inception))
    {
        branch1 = BasicConv2d.Create(config.InChannels, config.Ch1x1, 1);
        branch2 = Sequential(
            BasicConv2d.Create(config.InChannels, config.Ch3x3Reduce, 1),
            BasicConv2d.Create(config.Ch3x3Reduce, config.Ch3x3, 3, padding: 1));
        branch3 = Sequential(
            BasicConv2d.Create(config.InChannels, config.Ch5x5Reduce, 1),
            BasicConv2d.Create(config.Ch5x5Reduce, config.Ch5x5, 3, padding: 1));
        branch4 = Sequential(
            MaxPool2d(3, stride: 1, padding: 1, ceil_mode: true),
            BasicConv2d.Create(config.InChannels, config.PoolProj, 1));
        RegisterComponents();
    }

    private IEnumerable<(string Name, Sequential Branch)> Branches =>
        new[] { (nameof(branch1), branch1), (nameof(branch2), branch2), (nameof(branch3), branch3), (nameof(branch4), branch4) };

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return cat(Branches.Select(b => b.Branch.forward(x)).ToList(), 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input) =>
        context.ConcatChannels(Branches.Select(b => context.Export(b.Branch, b.Name, input)).ToList());
}
