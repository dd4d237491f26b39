using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>The 2×2, stride-2 pooling after each LeNet convolution.</summary>
public enum LeNetPooling
{
    /// <summary>Average pooling, as in the classic LeNet-5.</summary>
    Average,

    /// <summary>Max pooling, as in the modern variants and CifarNet.</summary>
    Max,
}

/// <summary>How the children of a LeNet are named, which fixes its state-dict keys.</summary>
public enum LeNetChildNames
{
    /// <summary><c>0</c>…<c>11</c>, as the PyTorch <c>nn.Sequential</c> LeNet-5 (keys <c>0.weight</c>, <c>3.weight</c>, <c>7.weight</c>…).</summary>
    Indexed,

    /// <summary><c>conv1</c>, <c>conv2</c>, <c>fc1</c>, <c>fc2</c>, <c>fc3</c> (and names for the parameterless layers), as PyTorch's CIFAR-10 tutorial net.</summary>
    Named,
}

/// <summary>A LeNet variant.</summary>
/// <param name="Activation">The activation after every layer but the last.</param>
/// <param name="Pooling">The pooling after each convolution.</param>
/// <param name="FirstPadding">Zero padding of the first 5×5 convolution (2 keeps a 28×28 image at 28×28).</param>
/// <param name="ChildNames">The child names, hence the state-dict keys.</param>
public sealed record LeNetConfig(Activation Activation, LeNetPooling Pooling, int FirstPadding, LeNetChildNames ChildNames);

/// <summary>
/// LeNet-5 (LeCun et al. 1998, in d2l's PyTorch form): conv 5×5 → 6, pool, conv 5×5 → 16, pool, flatten,
/// fully connected 120, 84, classes; with sigmoid and average pooling, or ReLU and max pooling. CifarNet, the
/// two-convolution net of PyTorch's CIFAR-10 tutorial, is the same trunk with ReLU, max pooling and an unpadded
/// first convolution. The flattened size follows from the input size.
/// </summary>
public sealed class LeNet : LayerStackNetwork
{
    /// <summary>Creates a LeNet for <paramref name="imageSize"/>×<paramref name="imageSize"/> images.</summary>
    public LeNet(LeNetConfig config, long inChannels, long numClasses, int imageSize)
        : base(nameof(LeNet), Layers(config, inChannels, numClasses, imageSize)) => Config = config;

    /// <summary>The variant this network was built from.</summary>
    public LeNetConfig Config { get; }

    /// <summary>The side of the last feature map: each 5×5 convolution takes 4 (less twice the padding), each pool halves.</summary>
    public static int FeatureMapSize(LeNetConfig config, int imageSize) => ((imageSize + 2 * config.FirstPadding - 4) / 2 - 4) / 2;

    /// <summary>The state-dict prefix of the classifier head <c>fc3</c>: <c>11.</c> with indexed child names (its place in the stack).</summary>
    public static string ClassifierPrefix(LeNetConfig config) => config.ChildNames == LeNetChildNames.Indexed ? "11." : "fc3.";

    /// <summary>The smallest input whose last feature map is 1×1.</summary>
    public static int MinImageSize(LeNetConfig config) => 16 - 2 * config.FirstPadding;

    private static IEnumerable<(string, Module<Tensor, Tensor>)> Layers(LeNetConfig config, long inChannels, long numClasses, int imageSize)
    {
        if (imageSize < MinImageSize(config))
            throw new ArgumentOutOfRangeException(nameof(imageSize), $"LeNet needs images of at least {MinImageSize(config)}×{MinImageSize(config)}; got {imageSize}×{imageSize}.");
        long side = FeatureMapSize(config, imageSize);
        var layers = new (string Role, Module<Tensor, Tensor> Layer)[]
        {
            ("conv1", Conv2d(inChannels, 6, 5, padding: config.FirstPadding)), ("act1", Activate(config)), ("pool1", Pool(config)),
            ("conv2", Conv2d(6, 16, 5)), ("act2", Activate(config)), ("pool2", Pool(config)),
            ("flatten", Flatten()),
            ("fc1", Linear(16 * side * side, 120)), ("act3", Activate(config)),
            ("fc2", Linear(120, 84)), ("act4", Activate(config)),
            ("fc3", Linear(84, numClasses)),
        };
        return layers.Select((l, i) => (config.ChildNames == LeNetChildNames.Indexed ? i.ToString() : l.Role, l.Layer));
    }

    private static Module<Tensor, Tensor> Activate(LeNetConfig config) =>
        ConvNormAct.Create(config.Activation) ?? throw new ArgumentException("LeNet needs an activation.", nameof(config));

    private static Module<Tensor, Tensor> Pool(LeNetConfig config) => config.Pooling switch
    {
        LeNetPooling.Average => AvgPool2d(2, stride: 2),
        LeNetPooling.Max => MaxPool2d(2, stride: 2),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Pooling, "Unknown pooling."),
    };

    /// <summary>The registry entries, all of family <c>lenet</c>: LeNet-5 in both forms and CifarNet (the same trunk), as data.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        // Figures of peer_models.py's lenet5_d2l, lenet5_relu and CifarNet at their input shapes.
        var grey28 = new ReferenceFigures(61_706, 416_520, new ModelSpec(1, 10, 28), ReferenceSources.PeerModels);
        var variants = new (string Name, int DefaultSize, LeNetConfig Config, TrainingRecipe Recipe, ReferenceFigures Reference, string Description)[]
        {
            ("lenet5", 28, new(Activation.Sigmoid, LeNetPooling.Average, 2, LeNetChildNames.Indexed), KnownRecipes.SigmoidLeNet, grey28,
                "LeNet-5, classic form: sigmoid, 2×2 average pooling (d2l; 61,706 parameters at 1×28×28)"),
            ("lenet5_relu", 28, new(Activation.ReLU, LeNetPooling.Max, 2, LeNetChildNames.Indexed), KnownRecipes.SmallReluNetwork, grey28,
                "LeNet-5 with ReLU and 2×2 max pooling"),
            ("cifarnet", 32, new(Activation.ReLU, LeNetPooling.Max, 0, LeNetChildNames.Named), KnownRecipes.SmallReluNetwork,
                new(62_006, 651_720, new ModelSpec(3, 10, 32), ReferenceSources.PeerModels),
                "the two-convolution CIFAR-10 net of PyTorch's tutorial (62,006 parameters at 3×32×32)"),
        };
        foreach (var (name, defaultSize, config, recipe, reference, description) in variants)
            yield return new ArchitectureInfo(name, "lenet", description, defaultSize, MinImageSize(config), ClassifierPrefix(config), Array.Empty<ArchitectureOption>(),
                (spec, _) => new LeNet(config, spec.InChannels, spec.NumClasses, spec.ImageSize ?? defaultSize))
                { Recipe = recipe, References = new[] { reference } };
    }
}
