using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static MlNetCnn.Models.Onnx.OnnxAttributes;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>The input stem of a GoogLeNet.</summary>
public enum GoogLeNetStem
{
    /// <summary>torchvision's: 7×7 convolution with stride 2 and max-pools after <c>conv1</c> and <c>conv3</c> (÷8 before inception 3).</summary>
    ImageNet,

    /// <summary>
    /// For 32×32 images: <c>conv1</c> is a 3×3 convolution with stride 1 and <c>maxpool1</c>, <c>maxpool2</c> are left out,
    /// so inception 3 sees 32×32, inception 4 16×16 and inception 5 8×8 (the usual CIFAR GoogLeNet schedule).
    /// </summary>
    Cifar,
}

/// <summary>
/// GoogLeNet / Inception v1 (Szegedy et al. 2015) in torchvision's layout and child names (<c>conv1</c>…<c>conv3</c>,
/// <c>maxpool1</c>…<c>maxpool4</c>, <c>inception3a</c>…<c>inception5b</c>, <c>avgpool</c>, <c>dropout</c>, <c>fc</c>),
/// without the auxiliary heads and with torchvision's <c>transform_input</c> off, so torchvision state dicts
/// (minus <c>aux1</c>, <c>aux2</c>) map key for key. BatchNorm epsilon is 0.001 and the pools use ceil mode, as there.
/// </summary>
public sealed class GoogLeNet : ImageClassifierNetwork
{
    /// <summary>
    /// torchvision's Inception widths, in order; <c>PoolAfter</c> names the max-pool that follows a block (3×3 after
    /// inception 3b, 2×2 after inception 4e, both stride 2 with ceil mode).
    /// </summary>
    private static readonly (string Name, InceptionConfig Config, (string Name, long Kernel)? PoolAfter)[] InceptionTable =
    {
        ("inception3a", new(192, 64, 96, 128, 16, 32, 32), null),
        ("inception3b", new(256, 128, 128, 192, 32, 96, 64), ("maxpool3", 3)),
        ("inception4a", new(480, 192, 96, 208, 16, 48, 64), null),
        ("inception4b", new(512, 160, 112, 224, 24, 64, 64), null),
        ("inception4c", new(512, 128, 128, 256, 24, 64, 64), null),
        ("inception4d", new(512, 112, 144, 288, 32, 64, 64), null),
        ("inception4e", new(528, 256, 160, 320, 32, 128, 128), ("maxpool4", 2)),
        ("inception5a", new(832, 256, 160, 320, 32, 128, 128), null),
        ("inception5b", new(832, 384, 192, 384, 48, 128, 128), null),
    };

    /// <summary>The trunk up to the average pool, in torchvision's order; registered under these names.</summary>
    private readonly List<(string Name, Module<Tensor, Tensor> Layer)> _trunk = new();

    private readonly Dropout dropout;
    private readonly Linear fc;

    /// <summary>Creates a GoogLeNet for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public GoogLeNet(GoogLeNetStem stem, long inChannels, long numClasses, double dropoutRate = 0.2) : base(nameof(GoogLeNet))
    {
        if (dropoutRate is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "The dropout rate must be at least 0 and below 1.");
        Stem = stem;
        bool imageNet = stem == GoogLeNetStem.ImageNet;
        Add("conv1", imageNet ? BasicConv2d.Create(inChannels, 64, 7, stride: 2, padding: 3) : BasicConv2d.Create(inChannels, 64, 3, padding: 1));
        if (imageNet) Add("maxpool1", MaxPool2d(3, stride: 2, ceil_mode: true));
        Add("conv2", BasicConv2d.Create(64, 64, 1));
        Add("conv3", BasicConv2d.Create(64, 192, 3, padding: 1));
        if (imageNet) Add("maxpool2", MaxPool2d(3, stride: 2, ceil_mode: true));
        foreach (var (name, config, poolAfter) in InceptionTable)
        {
            Add(name, new Inception(config));
            if (poolAfter is { } pool) Add(pool.Name, MaxPool2d(pool.Kernel, stride: 2, ceil_mode: true));
        }
        Add("avgpool", AdaptiveAvgPool2d(1));
        dropout = Dropout(dropoutRate);
        fc = Linear(InceptionTable[^1].Config.OutChannels, numClasses);
        RegisterComponents();
        // torchvision draws from trunc_normal_(std=0.01, a=-2, b=2): cut-offs 200 standard deviations away, so a plain
        // normal is the same distribution. TorchSharp 0.107's trunc_normal_ is not used: it fills the tensor with 0.01.
        WeightInit.Apply(this, conv => init.normal_(conv.weight, 0, 0.01), linear => init.normal_(linear.weight, 0, 0.01));
    }

    /// <summary>The stem this network was built with.</summary>
    public GoogLeNetStem Stem { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var (_, layer) in _trunk) x = layer.forward(x);
        return fc.call(dropout.forward(x.flatten(1))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input)
    {
        var x = input;
        foreach (var (name, layer) in _trunk) x = c.Export(layer, name, x);
        x = c.AddNode("Flatten", new[] { x.Name }, new[] { 1, x.Channels }, Int("axis", 1));
        return c.Export(fc, nameof(fc), c.Export(dropout, nameof(dropout), x));
    }

    private void Add(string name, Module<Tensor, Tensor> layer)
    {
        register_module(name, layer);
        _trunk.Add((name, layer));
    }

    /// <summary>The registry entries of the GoogLeNet family.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        // googlenet: torchvision googlenet(aux_logits=False). googlenet_cifar: conv1 3×3 instead of 7×7, 3·64·(49 − 9) fewer parameters.
        var variants = new (string Name, GoogLeNetStem Stem, string Description, int DefaultImageSize, int MinImageSize, ReferenceFigures[] References)[]
        {
            ("googlenet", GoogLeNetStem.ImageNet, "GoogLeNet / Inception v1 (torchvision, no auxiliary heads)", 224, 32, new ReferenceFigures[]
            {
                new(5_610_154, 30_568_448, new ModelSpec(3, 10, 32), ReferenceSources.Torchvision),
                new(6_624_904, 31_582_208, new ModelSpec(3, 1000, 32), ReferenceSources.Torchvision),
            }),
            ("googlenet_cifar", GoogLeNetStem.Cifar, "GoogLeNet for 32×32 images (3×3 conv1, no maxpool1/maxpool2)", 32, 8,
                new ReferenceFigures[] { new(5_602_474, 90_699_776, new ModelSpec(3, 10, 8), ReferenceSources.ThisProject) }),
        };
        var options = new[] { new ArchitectureOption("dropout", "dropout rate before fc", "0.2") };
        foreach (var (name, stem, description, defaultSize, minSize, references) in variants)
            yield return new ArchitectureInfo(name, "googlenet", description, defaultSize, minSize, "fc.", options,
                (spec, settings) => new GoogLeNet(stem, spec.InChannels, spec.NumClasses, settings.GetDouble("dropout")))
                { Recipe = KnownRecipes.BatchNormNetwork, References = references };
    }
}
