using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// ResNet-9 for 32×32 images, the fast CIFAR-10 network of David Page's DAWNBench entry ("How to train your ResNet"):
/// a 3×3 stem, three stages that widen and halve the image with a max-pool (the first and last followed by a residual
/// pair of convolutions), global max-pooling, and a linear classifier whose logits are scaled by 1/8. Every
/// convolution is 3×3 + BatchNorm + ReLU; widths are <c>w, 2w, 4w, 8w</c>, with <c>w = 64</c> as published.
/// </summary>
public sealed class ResNet9 : ImageClassifierNetwork
{
    /// <summary>The published scale of the logits.</summary>
    public const float LogitScale = 0.125f;

    private readonly Sequential prep;
    private readonly Sequential layer1;
    private readonly Sequential res1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential res3;
    private readonly Linear fc;
    private readonly bool _useResidual;

    /// <summary>Creates the network.</summary>
    /// <param name="width">The stem width <c>w</c> (64 as published; 16 trains four times faster on a CPU).</param>
    /// <param name="useResidual">False drops the two shortcut additions.</param>
    /// <param name="inChannels">Image channels.</param>
    /// <param name="numClasses">Classes.</param>
    public ResNet9(long width, bool useResidual, long inChannels, long numClasses) : base(nameof(ResNet9))
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "ResNet-9's width must be at least 1.");
        _useResidual = useResidual;
        prep = ConvNormAct.Create(inChannels, width, 3);
        layer1 = Downsampling(width, 2 * width);
        res1 = Sequential(ConvNormAct.Create(2 * width, 2 * width, 3), ConvNormAct.Create(2 * width, 2 * width, 3));
        layer2 = Downsampling(2 * width, 4 * width);
        layer3 = Downsampling(4 * width, 8 * width);
        res3 = Sequential(ConvNormAct.Create(8 * width, 8 * width, 3), ConvNormAct.Create(8 * width, 8 * width, 3));
        fc = Linear(8 * width, numClasses, hasBias: false);
        RegisterComponents();
    }

    private static Sequential Downsampling(long inChannels, long outChannels)
    {
        var stage = ConvNormAct.Create(inChannels, outChannels, 3);
        stage.append(MaxPool2d(2));
        return stage;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = layer1.forward(prep.forward(x));
        x = Residual(res1, x);
        x = Residual(res3, layer3.forward(layer2.forward(x)));
        x = x.amax(new long[] { 2, 3 });
        return fc.call(x).mul_(LogitScale).MoveToOuterDisposeScope();
    }

    private Tensor Residual(Sequential branch, Tensor x) => _useResidual ? x.add(branch.forward(x)) : branch.forward(x);

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input)
    {
        var x = c.Export(layer1, nameof(layer1), c.Export(prep, nameof(prep), input));
        x = ExportResidual(c, res1, nameof(res1), x);
        x = c.Export(layer3, nameof(layer3), c.Export(layer2, nameof(layer2), x));
        x = ExportResidual(c, res3, nameof(res3), x);
        x = c.AddNode("GlobalMaxPool", new[] { x.Name }, new[] { 1, x.Channels, 1, 1 });
        x = c.AddNode("Flatten", new[] { x.Name }, new[] { 1, x.Channels }, OnnxAttributes.Int("axis", 1));
        x = c.Export(fc, nameof(fc), x);
        return c.AddNode("Mul", new[] { x.Name, c.AddConstant("logit_scale", Array.Empty<long>(), new[] { LogitScale }) }, x.Shape);
    }

    private OnnxValue ExportResidual(OnnxExportContext c, Sequential branch, string name, OnnxValue x)
    {
        var y = c.Export(branch, name, x);
        return _useResidual ? c.Add(x, y) : y;
    }

    /// <summary>The registry entry.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        static Dictionary<string, string> Width(int width) => new() { ["width"] = width.ToString() };
        yield return new ArchitectureInfo("resnet9", "resnet",
            "ResNet-9 (Page's DAWNBench CIFAR-10 network: widths w, 2w, 4w, 8w, two residual pairs, global max-pool)", 32, 8, "fc.",
            new[]
            {
                new ArchitectureOption("width", "stem width w (64 as published; 16 for a fast CPU run)", "64"),
                new ArchitectureOption("use_residual", "false removes both shortcut additions", "true"),
            },
            (spec, settings) => new ResNet9(settings.GetInt("width"), settings.GetBool("use_residual"), spec.InChannels, spec.NumClasses))
            {
                Recipe = KnownRecipes.PageResNet9,
                References = new ReferenceFigures[]
                {
                    new(6_573_120, 23_708_672, new ModelSpec(3, 10, 8), ReferenceSources.PeerModels), // ResNet9(64)
                    new(412_944, 24_036_608, new ModelSpec(3, 10, 32, Width(16)), ReferenceSources.PeerModels), // resnet9_w16
                    new(103_800, 4_333_312, new ModelSpec(1, 10, 28, Width(8)), ReferenceSources.PeerModels), // resnet9_w8_gray
                },
            };
    }
}
