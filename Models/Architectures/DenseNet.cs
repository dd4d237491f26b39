using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>The input stem of a DenseNet.</summary>
public enum DenseNetStem
{
    /// <summary>torchvision's: 7×7 convolution with stride 2, BatchNorm, ReLU, 3×3 max-pool with stride 2.</summary>
    ImageNet,

    /// <summary>For 32×32 images: one 3×3 convolution with stride 1 and nothing after it (the first dense layer normalises).</summary>
    Cifar,
}

/// <summary>A DenseNet variant.</summary>
/// <param name="GrowthRate">Channels each dense layer adds (k in the paper).</param>
/// <param name="BlockConfig">Dense layers in each dense block; a transition follows every block but the last.</param>
/// <param name="Stem">The input stem; the stem has <c>2 × GrowthRate</c> channels, as in every torchvision variant.</param>
/// <param name="BnSize">Bottleneck width of a dense layer as a multiple of <paramref name="GrowthRate"/>.</param>
public sealed record DenseNetConfig(int GrowthRate, int[] BlockConfig, DenseNetStem Stem, int BnSize = 4);

/// <summary>
/// DenseNet-BC (Huang et al. 2017) in torchvision's layout and child names: <c>features</c> (<c>conv0</c>,
/// <c>norm0</c>, <c>relu0</c>, <c>pool0</c>, <c>denseblockN.denselayerM</c>, <c>transitionN</c>, <c>norm5</c>) and
/// <c>classifier</c>, so torchvision state dicts map key for key. Transitions halve the channels and the image.
/// The CIFAR stem gives the layout of the peer's DenseNet CIFAR (<c>peer_models.py</c>), whose layers append the
/// new features in front (<c>[new, x]</c>) instead of behind: a permutation of channels, with the same parameters
/// and operations.
/// </summary>
public sealed class DenseNet : ImageClassifierNetwork
{
    private readonly Sequential features;
    private readonly Linear classifier;

    /// <summary>Creates a DenseNet for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public DenseNet(DenseNetConfig config, long inChannels, long numClasses) : base(nameof(DenseNet))
    {
        if (config.GrowthRate < 1)
            throw new ArgumentOutOfRangeException(nameof(config), $"growth_rate must be at least 1; got {config.GrowthRate}.");
        if (config.BlockConfig.Length == 0 || config.BlockConfig.Any(n => n < 1))
            throw new ArgumentOutOfRangeException(nameof(config),
                $"block_config needs at least one dense block of at least one layer; got '{string.Join(",", config.BlockConfig)}'.");
        Config = config;
        long channels = 2L * config.GrowthRate;
        features = config.Stem == DenseNetStem.ImageNet
            ? Sequential(
                ("conv0", Conv2d(inChannels, channels, 7, stride: 2, padding: 3, bias: false)),
                ("norm0", BatchNorm2d(channels)),
                ("relu0", ReLU(inplace: true)),
                ("pool0", MaxPool2d(3, stride: 2, padding: 1)))
            : Sequential(("conv0", Conv2d(inChannels, channels, 3, padding: 1, bias: false)));

        for (int i = 0; i < config.BlockConfig.Length; i++)
        {
            var block = Sequential();
            for (int j = 0; j < config.BlockConfig[i]; j++, channels += config.GrowthRate)
                block.append($"denselayer{j + 1}", new DenseLayer(channels, config.GrowthRate, config.BnSize));
            features.append($"denseblock{i + 1}", block);
            if (i == config.BlockConfig.Length - 1) continue;
            features.append($"transition{i + 1}", DenseTransition.Create(channels, channels / 2));
            channels /= 2;
        }
        features.append("norm5", BatchNorm2d(channels)); // torchvision names it norm5 whatever the number of blocks
        classifier = Linear(channels, numClasses);
        RegisterComponents();
        WeightInit.Apply(this, conv => init.kaiming_normal_(conv.weight), linear => init.zeros_(linear.bias));
    }

    /// <summary>The variant this network was built from.</summary>
    public DenseNetConfig Config { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = features.forward(x).relu_();
        return classifier.call(GlobalAveragePooling.Forward(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input)
    {
        var x = c.Relu(c.Export(features, nameof(features), input));
        return c.Export(classifier, nameof(classifier), GlobalAveragePooling.Export(c, x));
    }

    /// <summary>The registry entries of the DenseNet family: variants as data.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        var variants = new (string Name, string Description, DenseNetConfig Config, int DefaultImageSize, int MinImageSize, ReferenceFigures Reference)[]
        {
            ("densenet121", "DenseNet-121 (torchvision)", new DenseNetConfig(32, new[] { 6, 12, 24, 16 }, DenseNetStem.ImageNet), 224, 32,
                new(7_978_856, 58_843_136, new ModelSpec(3, 1000, 32), ReferenceSources.Torchvision)),
            ("densenet_cifar", "DenseNet-BC for 32×32 images (3×3 stem, no pooling before the first block)",
                new DenseNetConfig(32, new[] { 1, 1, 1, 1 }, DenseNetStem.Cifar), 32, 8,
                new(186_370, 67_971_752, new ModelSpec(3, 10, 32), ReferenceSources.PeerModels)), // DenseNetCifar(growth 32, blocks 1-1-1-1)
        };
        foreach (var (name, description, config, defaultSize, minSize, reference) in variants)
        {
            var options = new[]
            {
                new ArchitectureOption("growth_rate", "channels each dense layer adds", config.GrowthRate.ToString()),
                new ArchitectureOption("block_config", "dense layers per block, comma-separated", string.Join(",", config.BlockConfig)),
            };
            yield return new ArchitectureInfo(name, "densenet", $"{description}, growth {config.GrowthRate}, blocks {string.Join("-", config.BlockConfig)}",
                defaultSize, minSize, "classifier.", options,
                (spec, settings) => new DenseNet(
                    config with { GrowthRate = settings.GetInt("growth_rate"), BlockConfig = settings.GetInts("block_config") },
                    spec.InChannels, spec.NumClasses))
                { Recipe = KnownRecipes.DenseNet, References = new[] { reference } };
        }
    }
}
