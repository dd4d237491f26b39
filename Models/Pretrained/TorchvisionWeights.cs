using System.Globalization;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// torchvision's published ImageNet weights (the <c>IMAGENET1K_V1</c> set of each architecture), downloaded by URL into
/// the weights cache, then read from PyTorch's <c>.pth</c> format. torchvision names each file
/// <c>&lt;name&gt;-&lt;first 8 hex digits of its SHA-256&gt;.pth</c> and publishes no other hash, so only that prefix
/// is pinned (as torchvision itself checks it); the downloaded file must match it before it enters the cache.
/// </summary>
public static class TorchvisionWeights
{
    /// <summary>Where torchvision publishes its weights.</summary>
    public static readonly Uri BaseUrl = new("https://download.pytorch.org/models/");

    /// <summary>The normalisation of torchvision's ImageNet weights at 224×224.</summary>
    private static readonly WeightsPreprocessing ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], 224);

    /// <summary>
    /// GoogLeNet's weights come from TensorFlow and expect inputs scaled to −1…1; torchvision's <c>transform_input</c>
    /// converts ImageNet-normalised inputs to that, and this project's GoogLeNet has no such step, so the trainer
    /// normalises with 0.5/0.5 directly — the same arithmetic.
    /// </summary>
    private static readonly WeightsPreprocessing GoogLeNetInput = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f], 224,
        "torchvision's transform_input: ImageNet normalisation followed by its conversion equals mean 0.5, std 0.5");

    /// <summary>The files: registry architecture, torchvision file name, published top-1 accuracy (%) and size (MB).</summary>
    private static readonly (string Architecture, string FileName, double Top1, double MegaBytes)[] Files =
    [
        ("resnet18", "resnet18-f37072fd.pth", 69.758, 44.7),
        ("resnet34", "resnet34-b627a593.pth", 73.314, 83.3),
        ("resnet50", "resnet50-0676ba61.pth", 76.130, 97.8),
        ("alexnet", "alexnet-owt-7be5be79.pth", 56.522, 233.1),
        ("vgg11", "vgg11-8a719046.pth", 69.020, 506.8),
        ("vgg11_bn", "vgg11_bn-6002323d.pth", 70.370, 506.9),
        ("vgg16", "vgg16-397923af.pth", 71.592, 527.8),
        ("vgg16_bn", "vgg16_bn-6c64b313.pth", 73.360, 527.9),
        ("googlenet", "googlenet-1378be20.pth", 69.778, 49.7),
        ("densenet121", "densenet121-a639ec97.pth", 74.434, 30.8),
        ("mobilenet_v2", "mobilenet_v2-b0353104.pth", 71.878, 13.6),
    ];

    /// <summary>Every torchvision entry, named <c>imagenet</c>.</summary>
    public static IReadOnlyList<PretrainedWeights> Entries { get; } =
        [.. Files.Select(f => Create(f.Architecture, new Uri(BaseUrl, f.FileName), Describe(f.Top1, f.MegaBytes)))];

    /// <summary>
    /// The entry for the torchvision-format file at <paramref name="url"/>, whose name ends with <c>-&lt;8 hex&gt;.pth</c>
    /// (the hash prefix it must have), for the registry architecture <paramref name="architecture"/>.
    /// </summary>
    internal static PretrainedWeights Create(string architecture, Uri url, string description)
    {
        string fileName = Path.GetFileName(url.AbsolutePath);
        var file = new WeightsFile(url, fileName, FileHash.Sha256(HashPrefixOf(fileName)));
        var (renameKey, preprocessing) = architecture switch
        {
            "densenet121" => (TorchvisionKeys.DenseNet, ImageNet),
            "googlenet" => (TorchvisionKeys.GoogLeNet, GoogLeNetInput),
            _ => ((Func<string, string?>)TorchvisionKeys.Same, ImageNet),
        };
        string name = $"imagenet (torchvision {architecture}, {fileName})";
        return new PretrainedWeights(architecture, "imagenet", description, WeightsAvailability.Download, url.AbsoluteUri, 1000,
            preprocessing, (context, cancel) => PthStateDict.Read(file.Ensure(context, cancel), name, renameKey))
        {
            FileName = fileName,
            Sha256 = file.Hash.Hex,
        };
    }

    /// <summary>The hash prefix of a torchvision file name: the 8 hex digits after its last '-'.</summary>
    /// <exception cref="ArgumentException">The name does not end with <c>-&lt;8 hex&gt;.pth</c>.</exception>
    internal static string HashPrefixOf(string fileName)
    {
        string stem = Path.GetFileNameWithoutExtension(fileName);
        string prefix = stem[(stem.LastIndexOf('-') + 1)..];
        return Path.GetExtension(fileName) == ".pth" && prefix.Length == 8 && prefix.All(Uri.IsHexDigit)
            ? prefix
            : throw new ArgumentException($"Expected a torchvision file name '<name>-<8 hex digits of its SHA-256>.pth', got '{fileName}'.", nameof(fileName));
    }

    private static string Describe(double top1, double megaBytes) => string.Create(CultureInfo.InvariantCulture,
        $"ImageNet-1k, torchvision IMAGENET1K_V1: top-1 {top1:0.###} %, {megaBytes:0.#} MB download; only the SHA-256 prefix in its name is published and pinned");
}
