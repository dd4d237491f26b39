using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>One NiN block's first convolution: output channels, square kernel, stride and padding (two 1×1 convolutions follow).</summary>
public sealed record NiNBlockSpec(long OutChannels, long Kernel, long Stride, long Padding);

/// <summary>A NiN variant.</summary>
/// <param name="Blocks">The blocks before the classifier block, each followed by a 3×3, stride-2 max-pool.</param>
/// <param name="ClassifierBlock">The last block; its output channels are replaced by the class count.</param>
/// <param name="Dropout">Dropout probability before the classifier block.</param>
public sealed record NiNConfig(IReadOnlyList<NiNBlockSpec> Blocks, NiNBlockSpec ClassifierBlock, double Dropout = 0.5)
{
    /// <summary>d2l's NiN (Lin et al. 2014, AlexNet-sized): 96 11×11/4, 256 5×5, 384 3×3, then classes 3×3.</summary>
    public static readonly NiNConfig D2l = new(
        new NiNBlockSpec[] { new(96, 11, 4, 0), new(256, 5, 1, 2), new(384, 3, 1, 1) }, new(0, 3, 1, 1));
}

/// <summary>
/// Network in Network (Lin et al. 2014) in d2l's form: NiN blocks (a convolution then two 1×1 convolutions, each
/// with ReLU) with 3×3, stride-2 max-pools, dropout, a last block with one channel per class, global average
/// pooling and flatten — no fully-connected layer. Children: <c>features</c>, <c>avgpool</c>, <c>flatten</c>.
/// Weights start Xavier-uniform, as d2l trains it. Inputs from 67×67 up (the last map is then 1×1).
/// </summary>
public sealed class NiN : LayerStackNetwork
{
    /// <summary>The smallest input whose map before the classifier block is 1×1.</summary>
    public const int MinImageSize = 67;

    /// <summary>Creates a NiN for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public NiN(NiNConfig config, long inChannels, long numClasses)
        : base(nameof(NiN), Layers(config, inChannels, numClasses))
    {
        Config = config;
        foreach (var conv in modules().OfType<Conv2d>())
            init.xavier_uniform_(conv.weight);
    }

    /// <summary>The variant this network was built from.</summary>
    public NiNConfig Config { get; }

    /// <summary>
    /// The state-dict prefix of the classifier block (every one of its convolutions has the class count as a
    /// dimension): <c>features</c> holds a block and a pool per entry of <see cref="NiNConfig.Blocks"/>, then dropout, then it.
    /// </summary>
    public static string ClassifierPrefix(NiNConfig config) => $"features.{2 * config.Blocks.Count + 1}.";

    /// <summary>One NiN block: the spec's convolution, then two 1×1 convolutions, each followed by ReLU.</summary>
    public static Sequential Block(long inChannels, NiNBlockSpec spec) => Sequential(
        ConvNormAct.Create(inChannels, spec.OutChannels, spec.Kernel, spec.Stride, spec.Padding, batchNorm: false),
        ConvNormAct.Create(spec.OutChannels, spec.OutChannels, 1, batchNorm: false),
        ConvNormAct.Create(spec.OutChannels, spec.OutChannels, 1, batchNorm: false));

    private static IEnumerable<(string, Module<Tensor, Tensor>)> Layers(NiNConfig config, long inChannels, long numClasses)
    {
        var features = Sequential();
        foreach (var spec in config.Blocks)
        {
            features.append(Block(inChannels, spec));
            features.append(MaxPool2d(3, stride: 2));
            inChannels = spec.OutChannels;
        }
        features.append(Dropout(config.Dropout));
        features.append(Block(inChannels, config.ClassifierBlock with { OutChannels = numClasses }));
        return new (string, Module<Tensor, Tensor>)[] { ("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()) };
    }

    /// <summary>The registry entry.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        yield return new ArchitectureInfo("nin", "nin", "Network in Network (d2l's form: four NiN blocks, global average pooling)", 224, MinImageSize,
            ClassifierPrefix(NiNConfig.D2l), Array.Empty<ArchitectureOption>(), (spec, _) => new NiN(NiNConfig.D2l, spec.InChannels, spec.NumClasses))
            {
                Recipe = KnownRecipes.PlainNetwork,
                // d2l publishes no count. Summed by hand: blocks 96 (C·96·121+96 + 2·(96²+96)), 256 (96·256·25+256 + 2·(256²+256)),
                // 384 (256·384·9+384 + 2·(384²+384)), classes (384·K·9+K + 2·(K²+K)).
                References = new ReferenceFigures[]
                {
                    new(2_015_398, 59_167_720, new ModelSpec(3, 10, 67), ReferenceSources.ThisProject),
                    new(1_992_166, 53_940_520, new ModelSpec(1, 10, 67), ReferenceSources.ThisProject),
                },
            };
    }
}
