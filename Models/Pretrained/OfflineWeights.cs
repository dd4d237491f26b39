using MlNetCnn.Models.Weights;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// Pretrained weights that ship with the library's packages: no download. Today one set: the ImageNet ResNet-18 that
/// CNTK trained and ML.NET's image featurizer uses, read from <c>ResNet18.onnx</c> of the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (a dependency of MlNetCnn.Models, MIT) into the registry network
/// <c>resnet18_cntk</c>.
/// </summary>
public static class OfflineWeights
{
    /// <summary>The NuGet package that brings <c>ResNet18.onnx</c>.</summary>
    public const string ResNet18OnnxPackage = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>Where the package's build props copy <c>ResNet18.onnx</c>, relative to the output folder.</summary>
    public const string ResNet18OnnxRelativePath = "DnnImageModels/ResNet18Onnx/ResNet18.onnx";

    /// <summary>The registry architecture the weights fit.</summary>
    public const string ResNet18CntkArchitecture = "resnet18_cntk";

    /// <summary>
    /// Cosine similarity of the 512 features under <see cref="ResNet18CntkImageNet"/>'s per-channel preprocessing to those
    /// under the exact per-pixel mean image, measured with ONNX Runtime on <c>ResNet18.onnx</c>: the lowest, the mean and the
    /// median over the 120 photos of <c>samples/data/flowers-small</c> (224×224, stretched).
    /// </summary>
    private const string ApproximationEffect =
        "the features' cosine similarity to those of the exact preprocessing is 0.9969 at worst, 0.9993 on average " +
        "(median 0.9995) over 120 real photos";

    /// <summary>
    /// The standard deviation the network's input is divided by, per RGB channel on 0–1: torchvision's ImageNet pixel
    /// statistics. CNTK trained on 0–255 pixels (std 1/255); its stem convolution's weights are multiplied by 255 × these
    /// instead, which computes the same function but gives the input the unit scale SGD fine-tuning assumes — on 0–255 the
    /// stem's gradients are 255 times larger and its weights 255 times smaller than elsewhere, so every SGD step moves it
    /// about 65,000 times more, relative to its size, than a network normalised this way.
    /// </summary>
    private static readonly float[] InputStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// CNTK's ImageNet ResNet-18 for <c>resnet18_cntk</c>: the trunk only (<see cref="PretrainedWeights.Classes"/> is null),
    /// conv1 turned to RGB input and scaled to take pixels divided by <see cref="InputStd"/> rather than by 1/255.
    /// </summary>
    public static PretrainedWeights ResNet18CntkImageNet { get; } = new(
        Architecture: ResNet18CntkArchitecture,
        Name: "imagenet",
        Description: "ImageNet (ILSVRC-2012), trained by CNTK 2.6; the network of ML.NET's ResNet18 image featurizer, without classifier",
        Availability: WeightsAvailability.Offline,
        Source: $"NuGet package {ResNet18OnnxPackage}, file {ResNet18OnnxRelativePath}",
        Classes: null,
        Preprocessing: new WeightsPreprocessing(
            Mean: [0.48295f, 0.45452f, 0.40417f],
            Std: InputStd,
            ImageSize: 224,
            Note: "CNTK trained the network on BGR pixels (0–255) minus a mean image, one mean per pixel and channel; here conv1 " +
                  "takes RGB and the mean image's per-channel means (R 123.2, G 115.9, B 103.1) stand in for it: " +
                  $"{ApproximationEffect}. conv1's weights are scaled by 255 × std, so the input is divided by ImageNet's pixel std " +
                  "(0.229, 0.224, 0.225) instead of 1/255: the same features, and gradients of the usual scale for fine-tuning."),
        Open: (_, cancellation) =>
        {
            cancellation.ThrowIfCancellationRequested();
            return CntkResNetImport.Open(LocateResNet18Onnx(), InputStd.Select(s => 255 * s).ToArray());
        });

    /// <summary>Every offline entry.</summary>
    public static IReadOnlyList<PretrainedWeights> Entries { get; } = [ResNet18CntkImageNet];

    /// <summary>
    /// The path of <c>ResNet18.onnx</c>: next to the application (<see cref="AppContext.BaseDirectory"/>) or next to the
    /// MlNetCnn.Models assembly, where the package's build props copy it.
    /// </summary>
    /// <exception cref="FileNotFoundException">In neither folder; the message names both paths and the package.</exception>
    public static string LocateResNet18Onnx() =>
        Locate(ResNet18OnnxRelativePath, [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(OfflineWeights).Assembly.Location) ?? ""]);

    /// <summary>The first of <paramref name="folders"/> (empty ones skipped) that holds <paramref name="relativePath"/>.</summary>
    internal static string Locate(string relativePath, IEnumerable<string> folders)
    {
        var candidates = folders.Where(f => f.Length > 0).Select(f => Path.GetFullPath(Path.Combine(f, relativePath))).Distinct().ToList();
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"The offline ImageNet weights of {ResNet18CntkArchitecture} ({Path.GetFileName(relativePath)}) are missing: looked for " +
            $"{string.Join(" and ", candidates)}. The file comes with the NuGet package {ResNet18OnnxPackage}, a dependency of " +
            $"MlNetCnn.Models, whose build props copy it to {relativePath} in the output: make sure the package is restored and its " +
            "build assets are not excluded (ExcludeAssets or PrivateAssets \"build\" on the reference that brings it).",
            candidates.FirstOrDefault());
    }
}
