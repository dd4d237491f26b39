using MlNetCnn.Models.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Blocks;

/// <summary>The shape of a Res2Net block: channel expansion, base width and scale.</summary>
/// <param name="Expansion">Output channels ÷ planes: 4 for the bottleneck (Res2Net-50), 1 for the basic-style block.</param>
/// <param name="BaseWidth">Width of one split per 64 planes (26 in <c>res2net50_26w_4s</c>).</param>
/// <param name="Scale">Number of splits (4 in <c>res2net50_26w_4s</c>).</param>
public sealed record Res2NetShape(int Expansion, int BaseWidth = 26, int Scale = 4);

/// <summary>
/// The Res2Net block (Gao et al. 2019) in timm's layout and child names: <c>conv1</c>/<c>bn1</c> (1×1 to
/// <c>width × scale</c>), the hierarchical 3×3 convolutions <c>convs</c>/<c>bns</c> (ModuleLists, one per split but the
/// last), <c>pool</c> (3×3 average pool of the last split in a stage's first block), <c>conv3</c>/<c>bn3</c> (1×1 to
/// <c>planes × expansion</c>). In a stage's first block ("stage" type: stride or projection) every split is
/// convolved on its own; otherwise each split adds the previous split's output first. With expansion 1 it is the
/// basic-style block of <c>res2net18</c> (this project's definition: the same block, output width = planes).
/// </summary>
public sealed class Bottle2neck : ResidualBlock
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ModuleList<Module<Tensor, Tensor>> convs;
    private readonly ModuleList<Module<Tensor, Tensor>> bns;
    private readonly AvgPool2d? pool;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;

    private readonly long _width;
    private readonly int _scale;
    private readonly bool _isFirst;

    /// <summary>Creates the block.</summary>
    public Bottle2neck(ResidualBlockArgs args, Res2NetShape shape) : base(nameof(Bottle2neck), args, args.Planes * shape.Expansion)
    {
        if (shape.Scale < 1 || shape.BaseWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Res2Net needs scale ≥ 1 and base width ≥ 1.");
        _scale = shape.Scale;
        _width = (long)Math.Floor(args.Planes * (shape.BaseWidth / 64.0));
        if (_width < 1)
            throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Base width {shape.BaseWidth} gives splits of 0 channels at {args.Planes} planes.");
        _isFirst = args.Stride > 1 || args.Downsample is not null;
        int convCount = Math.Max(1, _scale - 1);

        conv1 = Conv2d(args.InPlanes, _width * _scale, 1, bias: false);
        bn1 = BatchNorm2d(_width * _scale);
        convs = ModuleList(Enumerable.Range(0, convCount)
            .Select(_ => (Module<Tensor, Tensor>)Conv2d(_width, _width, 3, stride: args.Stride, padding: 1, bias: false)).ToArray());
        bns = ModuleList(Enumerable.Range(0, convCount).Select(_ => (Module<Tensor, Tensor>)BatchNorm2d(_width)).ToArray());
        pool = _isFirst ? AvgPool2d(3, stride: args.Stride, padding: 1) : null;
        conv3 = Conv2d(_width * _scale, args.Planes * shape.Expansion, 1, bias: false);
        bn3 = BatchNorm2d(args.Planes * shape.Expansion);
        RegisterComponents();
    }

    /// <summary>The block kind for the ResNet trunk.</summary>
    public static ResidualBlockKind Kind(Res2NetShape shape) =>
        new($"res2net (×{shape.Expansion}, {shape.BaseWidth}w, {shape.Scale}s)", shape.Expansion, args => new Bottle2neck(args, shape));

    /// <inheritdoc />
    protected override Tensor Body(Tensor x)
    {
        var y = bn1.forward(conv1.forward(x)).relu_();
        Tensor[] splits = y.split(_width, 1);
        var outputs = new List<Tensor>();
        Tensor sp = splits[0];
        for (int i = 0; i < convs.Count; i++)
        {
            sp = i == 0 || _isFirst ? splits[i] : sp + splits[i];
            sp = bns[i].forward(convs[i].forward(sp)).relu_();
            outputs.Add(sp);
        }
        if (_scale > 1) outputs.Add(pool is null ? splits[^1] : pool.forward(splits[^1]));
        return bn3.forward(conv3.forward(cat(outputs, 1)));
    }

    /// <inheritdoc />
    protected override OnnxValue ExportBody(OnnxExportContext c, OnnxValue x)
    {
        var y = c.Relu(c.Export(bn1, nameof(bn1), c.Export(conv1, nameof(conv1), x)));
        var splits = c.SplitChannels(y, Enumerable.Repeat(_width, _scale).ToArray());
        var outputs = new List<OnnxValue>();
        OnnxValue sp = splits[0];
        for (int i = 0; i < convs.Count; i++)
        {
            sp = i == 0 || _isFirst ? splits[i] : c.Add(sp, splits[i]);
            sp = c.Relu(c.Export(bns[i], $"{nameof(bns)}.{i}", c.Export(convs[i], $"{nameof(convs)}.{i}", sp)));
            outputs.Add(sp);
        }
        if (_scale > 1) outputs.Add(pool is null ? splits[^1] : c.Export(pool, nameof(pool), splits[^1]));
        return c.Export(bn3, nameof(bn3), c.Export(conv3, nameof(conv3), c.ConcatChannels(outputs)));
    }
}
