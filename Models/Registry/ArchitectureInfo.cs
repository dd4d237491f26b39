using MlNetCnn.Models.Architectures;
using MlNetCnn.Models.Native;
using MlNetCnn.Models.Recipes;

namespace MlNetCnn.Models.Registry;

/// <summary>A setting an architecture accepts (<c>--set key=value</c> on the command line).</summary>
/// <param name="Key">The lower_snake key.</param>
/// <param name="Description">What it changes.</param>
/// <param name="DefaultValue">Its value when not set.</param>
public sealed record ArchitectureOption(string Key, string Description, string DefaultValue);

/// <summary>What a network is built for: input channels, classes, square input size and settings.</summary>
/// <param name="InChannels">Input channels (3 for RGB, 1 for grayscale).</param>
/// <param name="NumClasses">Number of classes.</param>
/// <param name="ImageSize">Square input size, or null for the architecture's default.</param>
/// <param name="Settings">Architecture settings by key (see <see cref="ArchitectureInfo.Options"/>).</param>
public sealed record ModelSpec(int InChannels = 3, int NumClasses = 10, int? ImageSize = null, IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>One registered architecture: its name, input requirements, options and factory.</summary>
/// <param name="Name">Unique lower-case name (torchvision's where torchvision has the model).</param>
/// <param name="Family">The family, e.g. <c>resnet</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="DefaultImageSize">The square input size it is designed for.</param>
/// <param name="MinImageSize">The smallest square input it accepts.</param>
/// <param name="ClassifierPrefix">
/// The state-dict prefix of the classifier head, e.g. <c>fc.</c> (ResNet) or <c>classifier.6.</c> (VGG): exactly the
/// keys whose shapes depend on the class count. Transfer learning starts these afresh when the class count changes.
/// </param>
/// <param name="Options">The settings it accepts.</param>
/// <param name="Factory">Builds the network from a spec and validated settings.</param>
public sealed record ArchitectureInfo(
    string Name, string Family, string Description, int DefaultImageSize, int MinImageSize, string ClassifierPrefix,
    IReadOnlyList<ArchitectureOption> Options, Func<ModelSpec, ArchitectureSettings, ImageClassifierNetwork> Factory)
{
    /// <summary>
    /// The recommended training recipe: what a trainer uses for each recipe option the user leaves unset. Every registered
    /// architecture has one (the registry refuses an entry without it).
    /// </summary>
    public TrainingRecipe Recipe { get; init; } = null!;

    /// <summary>
    /// The published (or, for this project's own variants, pinned) parameter counts and multiply-adds, each at its spec
    /// and with its source. Every registered architecture has at least one (the registry refuses an entry without).
    /// </summary>
    public IReadOnlyList<ReferenceFigures> References { get; init; } = Array.Empty<ReferenceFigures>();

    /// <summary>
    /// Builds the network, after checking the spec against the architecture's requirements; its convolutions are then made
    /// correct on this machine (<see cref="CpuConvolutionCheck.EnsureCorrectFor"/>).
    /// </summary>
    /// <exception cref="TorchSharpUnavailableException">TorchSharp's native libraries cannot be loaded in this process.</exception>
    public ImageClassifierNetwork Create(ModelSpec spec)
    {
        if (spec.InChannels < 1)
            throw new ArgumentOutOfRangeException(nameof(spec), $"{Name}: InChannels must be at least 1; got {spec.InChannels}.");
        if (spec.NumClasses < 2)
            throw new ArgumentOutOfRangeException(nameof(spec), $"{Name}: NumClasses must be at least 2; got {spec.NumClasses}.");
        int size = ImageSizeOf(spec);
        if (size < MinImageSize)
            throw new ArgumentOutOfRangeException(nameof(spec), $"{Name} needs images of at least {MinImageSize}×{MinImageSize}; got {size}×{size}.");
        TorchSharpRuntime.EnsureAvailable();
        var network = Factory(spec, new ArchitectureSettings(Name, Options, spec.Settings));
        CpuConvolutionCheck.EnsureCorrectFor(network);
        return network;
    }

    /// <summary>The input size a spec asks for, or the default.</summary>
    public int ImageSizeOf(ModelSpec spec) => spec.ImageSize ?? DefaultImageSize;
}
