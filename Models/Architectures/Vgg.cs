using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>A VGG variant.</summary>
/// <param name="Layers">torchvision's layer table: output channels of each 3×3 convolution, <see cref="Vgg.M"/> for a 2×2 max-pool.</param>
/// <param name="BatchNorm">Whether a BatchNorm follows each convolution (the <c>_bn</c> variants).</param>
/// <param name="ClassifierWidth">Width of the two hidden fully-connected layers (4096 in the paper).</param>
/// <param name="WidthDivisor">Divides every convolution's channels (4 gives the small "channels ÷ 4" VGG); a divisor of 64.</param>
/// <param name="Dropout">Dropout probability after each hidden fully-connected layer.</param>
public sealed record VggConfig(IReadOnlyList<int> Layers, bool BatchNorm, int ClassifierWidth = 4096, int WidthDivisor = 1, double Dropout = 0.5);

/// <summary>
/// VGG (Simonyan and Zisserman 2015) in torchvision's layout: <c>features</c> (one Sequential built from the layer
/// table, indices as torchvision's), <c>avgpool</c> (adaptive to 7×7) and <c>classifier</c>, so torchvision state
/// dicts load key for key. Inputs from 32×32 up: the five max-pools leave a 1×1 map at 32–63, which the adaptive
/// pool replicates to 7×7 (the ONNX export writes non-divisible sizes as two small matrix products).
/// </summary>
public sealed class Vgg : LayerStackNetwork
{
    /// <summary>The max-pool marker in a layer table (torchvision's <c>"M"</c>).</summary>
    public const int M = 0;

    /// <summary>The smallest input whose last feature map is 1×1 (five 2×2 max-pools).</summary>
    public const int MinImageSize = 32;

    /// <summary>The side of the adaptive pool's output.</summary>
    public const int PooledSize = 7;

    /// <summary>The state-dict prefix of the classifier head: the last Linear, <c>classifier[6]</c> as in torchvision.</summary>
    public const string ClassifierPrefix = "classifier.6.";

    /// <summary>torchvision's configuration "A" (VGG-11).</summary>
    public static readonly IReadOnlyList<int> A = new[] { 64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M };

    /// <summary>torchvision's configuration "D" (VGG-16).</summary>
    public static readonly IReadOnlyList<int> D = new[] { 64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M };

    /// <summary>Creates a VGG for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public Vgg(VggConfig config, long inChannels, long numClasses)
        : base(nameof(Vgg), Layers(config, inChannels, numClasses))
    {
        Config = config;
        VggInit.Apply(this);
    }

    /// <summary>The variant this network was built from.</summary>
    public VggConfig Config { get; }

    private static IEnumerable<(string, Module<Tensor, Tensor>)> Layers(VggConfig config, long inChannels, long numClasses)
    {
        if (config.ClassifierWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(config), $"VGG's classifier_width must be at least 1; got {config.ClassifierWidth}.");
        if (config.WidthDivisor < 1 || 64 % config.WidthDivisor != 0)
            throw new ArgumentOutOfRangeException(nameof(config), $"VGG's width_divisor must divide 64 (1, 2, 4, …, 64); got {config.WidthDivisor}.");
        var features = Sequential();
        foreach (int layer in config.Layers)
        {
            if (layer == M)
            {
                features.append(MaxPool2d(2, stride: 2));
                continue;
            }
            long channels = layer / config.WidthDivisor;
            features.append(Conv2d(inChannels, channels, 3, padding: 1)); // with a bias even before BatchNorm, as torchvision
            if (config.BatchNorm) features.append(BatchNorm2d(channels));
            features.append(ReLU(inplace: true));
            inChannels = channels;
        }
        long width = config.ClassifierWidth;
        var classifier = Sequential(
            Linear(inChannels * PooledSize * PooledSize, width), ReLU(inplace: true), Dropout(config.Dropout),
            Linear(width, width), ReLU(inplace: true), Dropout(config.Dropout),
            Linear(width, numClasses));
        return new (string, Module<Tensor, Tensor>)[]
        {
            ("features", features), ("avgpool", AdaptiveAvgPool2d(PooledSize)), ("flatten", Flatten()), ("classifier", classifier),
        };
    }

    /// <summary>The registry entries of the VGG family: variants as data.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        // torchvision's parameter counts at 1000 classes, and the multiply-adds of its models at 32×32.
        var variants = new (string Name, IReadOnlyList<int> Layers, bool BatchNorm, long Parameters, long MultiplyAdds)[]
        {
            ("vgg11", A, false, 132_863_336, 276_398_080), ("vgg11_bn", A, true, 132_868_840, 276_398_080),
            ("vgg16", D, false, 138_357_544, 436_830_208), ("vgg16_bn", D, true, 138_365_992, 436_830_208),
        };
        var options = new[]
        {
            new ArchitectureOption("classifier_width", "width of the two hidden fully-connected layers", "4096"),
            new ArchitectureOption("width_divisor", "divides every convolution's channels (a divisor of 64; 4 = the small VGG)", "1"),
        };
        foreach (var (name, layers, batchNorm, parameters, multiplyAdds) in variants)
            yield return new ArchitectureInfo(name, "vgg",
                $"VGG-{name[3..5]}{(batchNorm ? " with BatchNorm" : "")} (torchvision layout; adaptive 7×7 pool, so any input from 32×32 works)",
                224, MinImageSize, ClassifierPrefix, options,
                (spec, settings) => new Vgg(
                    new VggConfig(layers, batchNorm, settings.GetInt("classifier_width"), settings.GetInt("width_divisor")), spec.InChannels, spec.NumClasses))
                {
                    Recipe = batchNorm ? KnownRecipes.BatchNormNetwork : KnownRecipes.PlainNetwork,
                    References = new[] { new ReferenceFigures(parameters, multiplyAdds, new ModelSpec(3, 1000, 32), ReferenceSources.Torchvision) },
                };
    }
}
