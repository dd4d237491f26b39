using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>The input stem of a ResNet.</summary>
public enum ResNetStem
{
    /// <summary>torchvision's: 7×7 convolution with stride 2, then 3×3 max-pool with stride 2 (for large images).</summary>
    ImageNet,

    /// <summary>For 32×32 images: one 3×3 convolution with stride 1 and no max-pool.</summary>
    Cifar,
}

/// <summary>A ResNet variant: the block kind, blocks per stage, stem, whether shortcuts are used and the block attention.</summary>
/// <param name="Block">The residual block (basic, bottleneck, Res2Net, or another block on the same trunk).</param>
/// <param name="Layers">Blocks in each of the four stages.</param>
/// <param name="Stem">The input stem.</param>
/// <param name="UseResidual">False removes every shortcut connection.</param>
/// <param name="Attention">Attention inside every block (squeeze-excitation for SE-ResNet), or null.</param>
public sealed record ResNetConfig(ResidualBlockKind Block, int[] Layers, ResNetStem Stem, bool UseResidual = true, BlockAttention? Attention = null);

/// <summary>
/// The ResNet trunk (He et al. 2016) in torchvision's layout and child names (<c>conv1</c>, <c>bn1</c>,
/// <c>maxpool</c>, <c>layer1</c>…<c>layer4</c>, <c>avgpool</c>, <c>fc</c>), so torchvision state dicts map key
/// for key. Other residual families (SE-ResNet, Res2Net) are this trunk with another block.
/// </summary>
public sealed class ResNet : ImageClassifierNetwork
{
    private static readonly long[] StageWidths = { 64, 128, 256, 512 };

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Creates a ResNet for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public ResNet(ResNetConfig config, long inChannels, long numClasses) : base(nameof(ResNet))
    {
        if (config.Layers.Length != StageWidths.Length)
            throw new ArgumentException($"A ResNet has {StageWidths.Length} stages; got {config.Layers.Length} block counts.", nameof(config));
        Config = config;
        bool imageNet = config.Stem == ResNetStem.ImageNet;
        conv1 = Conv2d(inChannels, StageWidths[0], imageNet ? 7 : 3, stride: imageNet ? 2 : 1, padding: imageNet ? 3 : 1, bias: false);
        bn1 = BatchNorm2d(StageWidths[0]);
        maxpool = imageNet ? MaxPool2d(3, stride: 2, padding: 1) : null;

        long inPlanes = StageWidths[0];
        var stages = new Sequential[StageWidths.Length];
        for (int i = 0; i < stages.Length; i++)
            stages[i] = MakeStage(config, ref inPlanes, StageWidths[i], config.Layers[i], stride: i == 0 ? 1 : 2);
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);

        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(inPlanes, numClasses);
        RegisterComponents();
        ResNetInit.Apply(this);
    }

    /// <summary>The variant this network was built from.</summary>
    public ResNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = bn1.forward(conv1.forward(x)).relu_();
        if (maxpool is not null) x = maxpool.forward(x);
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return fc.call(avgpool.forward(x).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input)
    {
        var x = c.Relu(c.Export(bn1, nameof(bn1), c.Export(conv1, nameof(conv1), input)));
        if (maxpool is not null) x = c.Export(maxpool, nameof(maxpool), x);
        foreach (var (name, stage) in new[] { (nameof(layer1), layer1), (nameof(layer2), layer2), (nameof(layer3), layer3), (nameof(layer4), layer4) })
            x = c.Export(stage, name, x);
        x = c.Export(avgpool, nameof(avgpool), x);
        x = c.AddNode("Flatten", new[] { x.Name }, new[] { 1, x.Channels }, OnnxAttributes.Int("axis", 1));
        return c.Export(fc, nameof(fc), x);
    }

    /// <summary>One stage: the first block changes stride and width (with a projected shortcut when needed).</summary>
    private static Sequential MakeStage(ResNetConfig config, ref long inPlanes, long planes, int blocks, long stride)
    {
        long outPlanes = planes * config.Block.Expansion;
        Sequential? downsample = stride != 1 || inPlanes != outPlanes
            ? Sequential(Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false), BatchNorm2d(outPlanes))
            : null;
        var stage = Sequential();
        stage.append(config.Block.Create(new ResidualBlockArgs(inPlanes, planes, stride, downsample, config.UseResidual, config.Attention)));
        inPlanes = outPlanes;
        for (int i = 1; i < blocks; i++)
            stage.append(config.Block.Create(new ResidualBlockArgs(inPlanes, planes, 1, null, config.UseResidual, config.Attention)));
        return stage;
    }

    /// <summary>
    /// The registry entries of the ResNet family — ResNet, SE-ResNet (ResNet with squeeze-excitation in every block)
    /// and Res2Net (ResNet with the Res2Net block) — as data, each with the ImageNet and (but for <c>resnet18_cntk</c>)
    /// the CIFAR stem.
    /// </summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        // CNTK's ResNet-18 recipe has a third block in stage 4 (its ImageNet weights ship offline: OfflineWeights).
        int[] layers18 = { 2, 2, 2, 2 }, layers34 = { 3, 4, 6, 3 }, layersCntk18 = { 2, 2, 2, 3 };
        var none = Array.Empty<ArchitectureOption>();
        var se = new[] { new ArchitectureOption("se_reduction", "squeeze-excitation reduction: hidden width = channels / se_reduction", "16") };
        var res2 = new[]
        {
            new ArchitectureOption("base_width", "Res2Net width of one split per 64 planes", "26"),
            new ArchitectureOption("scale", "Res2Net number of splits", "4"),
        };
        Func<ArchitectureSettings, BlockAttention?> seAttention = s => SqueezeExcitation.Attention(s.GetInt("se_reduction"));
        Func<ArchitectureSettings, ResidualBlockKind> Res2Net(int expansion) =>
            s => Bottle2neck.Kind(new Res2NetShape(expansion, s.GetInt("base_width"), s.GetInt("scale")));

        const string tv = ReferenceSources.Torchvision, peer = ReferenceSources.PeerModels, own = ReferenceSources.ThisProject;
        ReferenceFigures Figures(long parameters, long? multiplyAdds, int classes, int size, string source) =>
            new(parameters, multiplyAdds, new ModelSpec(3, classes, size), source);

        // Figures per stem: the ImageNet stem first, then the CIFAR stem (see ReferenceSources for how each was obtained).
        var variants = new ResNetVariant[]
        {
            new("resnet18", "resnet", "ResNet-18 (basic blocks)", layers18, _ => BasicBlock.Kind, none,
                new[] { Figures(11_181_642, 37_016_576, 10, 32, tv), Figures(11_689_512, 1_814_073_344, 1000, 224, tv) },
                new[] { Figures(11_173_962, 555_422_720, 10, 32, peer) }),
            // No CIFAR-stem entry: the network exists for its ImageNet weights, whose stem is the ImageNet one.
            new("resnet18_cntk", "resnet", "ResNet-18 as CNTK trained it on ImageNet (basic blocks, a third block in stage 4)", layersCntk18,
                _ => BasicBlock.Kind, none,
                new[] { Figures(16_410_152, null, 1000, 224, ReferenceSources.DnnImageFeaturizerOnnx) },
                CifarReferences: null),
            new("resnet34", "resnet", "ResNet-34 (basic blocks)", layers34, _ => BasicBlock.Kind, none,
                new[] { Figures(21_289_802, 74_765_312, 10, 32, tv), Figures(21_797_672, 75_272_192, 1000, 32, tv) },
                new[] { Figures(21_282_122, 72_467_456, 10, 8, own) }),
            new("resnet50", "resnet", "ResNet-50 (bottleneck blocks)", layers34, _ => Bottleneck.Kind, none,
                new[] { Figures(23_528_522, 83_431_424, 10, 32, tv), Figures(25_557_032, 85_458_944, 1000, 32, tv) },
                new[] { Figures(23_520_842, 81_133_568, 10, 8, own) }),
            // SE hidden widths equal timm's make_divisible(C / 16, 8); se_resnet18 is torchvision's resnet18 + 89,080 SE parameters.
            new("se_resnet18", "se_resnet", "SE-ResNet-18 (basic blocks, squeeze-excitation)", layers18, _ => BasicBlock.Kind, se,
                new[] { Figures(11_270_722, 37_103_616, 10, 32, own) },
                new[] { Figures(11_263_042, 555_509_760, 10, 32, peer) },
                seAttention),
            new("se_resnet34", "se_resnet", "SE-ResNet-34 (basic blocks, squeeze-excitation)", layers34, _ => BasicBlock.Kind, se,
                new[] { Figures(21_450_998, 74_922_496, 10, 32, own) },
                new[] { Figures(21_443_318, 72_624_640, 10, 8, own) },
                seAttention),
            new("se_resnet50", "se_resnet", "SE-ResNet-50 (bottleneck blocks, squeeze-excitation)", layers34, _ => Bottleneck.Kind, se,
                new[] { Figures(28_088_024, null, 1000, 32, ReferenceSources.Timm) },
                new[] { Figures(26_051_834, 83_648_512, 10, 8, own) },
                seAttention),
            new("res2net18", "res2net", "Res2Net-18 (basic-style Res2Net blocks, expansion 1)", layers18, Res2Net(1), res2,
                new[] { Figures(5_289_578, 20_245_504, 10, 32, own) },
                new[] { Figures(5_281_898, 17_947_648, 10, 8, own) }),
            new("res2net50_26w_4s", "res2net", "Res2Net-50 26w×4s (Res2Net bottleneck blocks)", layers34, Res2Net(4), res2,
                new[] { Figures(23_670_610, null, 10, 32, ReferenceSources.Holocron), Figures(25_699_120, null, 1000, 32, ReferenceSources.Timm) },
                new[] { Figures(23_662_930, 84_520_960, 10, 8, own) }),
        };
        var residual = new ArchitectureOption("use_residual", "false removes every shortcut connection", "true");
        foreach (var variant in variants)
            foreach (var stem in variant.CifarReferences is null ? new[] { ResNetStem.ImageNet } : new[] { ResNetStem.ImageNet, ResNetStem.Cifar })
            {
                bool cifar = stem == ResNetStem.Cifar;
                yield return new ArchitectureInfo(
                    Name: cifar ? variant.Name + "_cifar" : variant.Name,
                    Family: variant.Family,
                    Description: $"{variant.Title}, blocks {string.Join("-", variant.Layers)}, {(cifar ? "CIFAR stem (3×3 conv, no max-pool)" : "ImageNet stem")}",
                    DefaultImageSize: cifar ? 32 : 224,
                    MinImageSize: cifar ? 8 : 32,
                    ClassifierPrefix: "fc.",
                    Options: variant.Options.Prepend(residual).ToArray(),
                    Factory: (spec, settings) => new ResNet(
                        new ResNetConfig(variant.Block(settings), variant.Layers, stem, settings.GetBool("use_residual"), variant.Attention?.Invoke(settings)),
                        spec.InChannels, spec.NumClasses))
                { Recipe = KnownRecipes.BatchNormNetwork, References = cifar ? variant.CifarReferences! : variant.ImageNetReferences };
            }
    }
}

/// <summary>One row of the ResNet family table.</summary>
/// <param name="Name">Registry name with the ImageNet stem (the CIFAR-stem entry appends <c>_cifar</c>).</param>
/// <param name="Family">The family shown in listings.</param>
/// <param name="Title">What the variant is, for listings.</param>
/// <param name="Layers">Blocks per stage.</param>
/// <param name="Block">The block kind, from the validated settings.</param>
/// <param name="Options">Settings beyond <c>use_residual</c>.</param>
/// <param name="ImageNetReferences">Reference figures of the ImageNet-stem entry.</param>
/// <param name="CifarReferences">Reference figures of the CIFAR-stem entry, or null for a variant without one.</param>
/// <param name="Attention">The block attention, from the validated settings, or null for none.</param>
internal sealed record ResNetVariant(
    string Name, string Family, string Title, int[] Layers, Func<ArchitectureSettings, ResidualBlockKind> Block,
    IReadOnlyList<ArchitectureOption> Options, IReadOnlyList<ReferenceFigures> ImageNetReferences, IReadOnlyList<ReferenceFigures>? CifarReferences,
    Func<ArchitectureSettings, BlockAttention?>? Attention = null);
