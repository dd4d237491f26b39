using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>One AlexNet convolution: its output channels, square kernel, stride, padding and whether a 3×3, stride-2 max-pool follows.</summary>
public sealed record AlexNetConv(long OutChannels, long Kernel, long Stride, long Padding, bool MaxPoolAfter);

/// <summary>An AlexNet variant.</summary>
/// <param name="Convolutions">The five convolutions of <c>features</c>, each followed by a ReLU.</param>
/// <param name="ClassifierWidth">Width of the two hidden fully-connected layers (4096 in the paper).</param>
/// <param name="Dropout">Dropout probability before each hidden fully-connected layer.</param>
public sealed record AlexNetConfig(IReadOnlyList<AlexNetConv> Convolutions, int ClassifierWidth = 4096, double Dropout = 0.5)
{
    /// <summary>torchvision's (the one-GPU variant of Krizhevsky et al. 2012, "One weird trick").</summary>
    public static readonly IReadOnlyList<AlexNetConv> TorchvisionConvolutions = new AlexNetConv[]
    {
        new(64, 11, 4, 2, true), new(192, 5, 1, 2, true), new(384, 3, 1, 1, false), new(256, 3, 1, 1, false), new(256, 3, 1, 1, true),
    };
}

/// <summary>
/// AlexNet in torchvision's layout: <c>features</c> (convolutions, ReLUs and max-pools as one Sequential, indices as
/// torchvision's), <c>avgpool</c> (adaptive to 6×6) and <c>classifier</c> (Dropout, Linear, ReLU, Dropout, Linear,
/// ReLU, Linear), so torchvision state dicts load key for key.
/// </summary>
/// <remarks>
/// Inputs from 63×63 up: at 63–94 the last feature map is 1×1 and the adaptive pool replicates it to 6×6 (the
/// ONNX export writes that, and every other non-divisible size, as two small matrix products); at 224 it is 6×6
/// and the pool is the identity.
/// </remarks>
public sealed class AlexNet : LayerStackNetwork
{
    /// <summary>The smallest input whose last feature map is 1×1.</summary>
    public const int MinImageSize = 63;

    /// <summary>The side of the adaptive pool's output.</summary>
    public const int PooledSize = 6;

    /// <summary>The state-dict prefix of the classifier head: the last Linear, <c>classifier[6]</c> as in torchvision.</summary>
    public const string ClassifierPrefix = "classifier.6.";

    /// <summary>Creates an AlexNet for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public AlexNet(AlexNetConfig config, long inChannels, long numClasses)
        : base(nameof(AlexNet), Layers(config, inChannels, numClasses)) => Config = config;

    /// <summary>The variant this network was built from.</summary>
    public AlexNetConfig Config { get; }

    private static IEnumerable<(string, Module<Tensor, Tensor>)> Layers(AlexNetConfig config, long inChannels, long numClasses)
    {
        if (config.ClassifierWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(config), $"AlexNet's classifier_width must be at least 1; got {config.ClassifierWidth}.");
        var features = Sequential();
        foreach (var conv in config.Convolutions)
        {
            features.append(Conv2d(inChannels, conv.OutChannels, conv.Kernel, stride: conv.Stride, padding: conv.Padding));
            features.append(ReLU(inplace: true));
            if (conv.MaxPoolAfter) features.append(MaxPool2d(3, stride: 2));
            inChannels = conv.OutChannels;
        }
        long width = config.ClassifierWidth;
        var classifier = Sequential(
            Dropout(config.Dropout), Linear(inChannels * PooledSize * PooledSize, width), ReLU(inplace: true),
            Dropout(config.Dropout), Linear(width, width), ReLU(inplace: true),
            Linear(width, numClasses));
        return new (string, Module<Tensor, Tensor>)[]
        {
            ("features", features), ("avgpool", AdaptiveAvgPool2d(PooledSize)), ("flatten", Flatten()), ("classifier", classifier),
        };
    }

    /// <summary>The registry entry.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        yield return new ArchitectureInfo("alexnet", "alexnet",
            "AlexNet (torchvision layout; adaptive 6×6 pool, so any input from 63×63 works)", 224, MinImageSize, ClassifierPrefix,
            new[] { new ArchitectureOption("classifier_width", "width of the two hidden fully-connected layers", "4096") },
            (spec, settings) => new AlexNet(
                new AlexNetConfig(AlexNetConfig.TorchvisionConvolutions, settings.GetInt("classifier_width")), spec.InChannels, spec.NumClasses))
            {
                Recipe = KnownRecipes.PlainNetwork,
                References = new ReferenceFigures[]
                {
                    new(57_044_810, 94_089_920, new ModelSpec(3, 10, 63), ReferenceSources.Torchvision),
                    new(61_100_840, 98_144_960, new ModelSpec(3, 1000, 63), ReferenceSources.Torchvision),
                },
            };
    }
}
