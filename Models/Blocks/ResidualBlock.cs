using MlNetCnn.Models.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Blocks;

/// <summary>What every residual block is built from; all blocks share this one constructor argument.</summary>
/// <param name="InPlanes">Channels coming in.</param>
/// <param name="Planes">The block's base width (its output has <c>Planes × expansion</c> channels).</param>
/// <param name="Stride">Stride of the block's spatial down-sampling.</param>
/// <param name="Downsample">The projection of the shortcut when stride or width changes, else null.</param>
/// <param name="UseResidual">False removes the shortcut (a plain network, to show why residuals matter).</param>
/// <param name="Attention">Attention applied to the branch before the shortcut is added (e.g. squeeze-excitation), or null.</param>
public sealed record ResidualBlockArgs(
    long InPlanes, long Planes, long Stride, nn.Module<Tensor, Tensor>? Downsample, bool UseResidual, BlockAttention? Attention = null);

/// <summary>A kind of residual block: its name, channel expansion and constructor. Variants are data.</summary>
/// <param name="Name">The block's name, e.g. <c>basic</c>.</param>
/// <param name="Expansion">Output channels ÷ <see cref="ResidualBlockArgs.Planes"/>.</param>
/// <param name="Create">Builds one block.</param>
public sealed record ResidualBlockKind(string Name, int Expansion, Func<ResidualBlockArgs, ResidualBlock> Create);

/// <summary>
/// The shared skeleton of residual blocks: <c>relu(se(body(x)) + shortcut(x))</c>, where the shortcut is the
/// identity or the <c>downsample</c> projection and <c>se</c> the optional attention (timm's placement and
/// child name). Subclasses provide the body and its ONNX graph.
/// </summary>
public abstract class ResidualBlock : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>The shortcut projection, named as in torchvision (state-dict key <c>downsample</c>).</summary>
    protected readonly nn.Module<Tensor, Tensor>? downsample;

    /// <summary>The attention on the branch (state-dict key <c>se</c>, as in timm), or null.</summary>
    protected readonly nn.Module<Tensor, Tensor>? se;

    private readonly bool _useResidual;

    /// <summary>Stores the shortcut and attention; subclasses create their layers and call <c>RegisterComponents</c>.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="args">The block arguments.</param>
    /// <param name="outChannels">Channels of the branch output (where the attention applies).</param>
    protected ResidualBlock(string name, ResidualBlockArgs args, long outChannels) : base(name)
    {
        downsample = args.UseResidual ? args.Downsample : null;
        se = args.Attention?.Create(outChannels);
        _useResidual = args.UseResidual;
    }

    /// <summary>The residual branch, without the final activation.</summary>
    protected abstract Tensor Body(Tensor x);

    /// <summary>The ONNX graph of <see cref="Body"/>.</summary>
    protected abstract OnnxValue ExportBody(OnnxExportContext context, OnnxValue x);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor y = Body(x);
        if (se is not null) y = se.forward(y);
        if (_useResidual) y = y.add_(downsample is null ? x : downsample.forward(x));
        return y.relu_().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input)
    {
        OnnxValue y = ExportBody(context, input);
        if (se is not null) y = context.Export(se, nameof(se), y);
        if (_useResidual)
            y = context.Add(y, downsample is null ? input : context.Export(downsample, nameof(downsample), input));
        return context.Relu(y);
    }
}
