using MlNetCnn.Models.Weights;

namespace MlNetCnn.Models.Pretrained;

/// <summary>How the images must be prepared for a set of pretrained weights: what the trainer normalises with.</summary>
/// <param name="Mean">Per-channel mean on the 0–1 scale, in RGB order (for 1-channel images the trainer averages them).</param>
/// <param name="Std">Per-channel standard deviation on the 0–1 scale.</param>
/// <param name="ImageSize">The square input the weights were trained at (the trainer's recommended size).</param>
/// <param name="Note">What is approximated, if anything (e.g. a per-pixel mean image replaced by per-channel means).</param>
public sealed record WeightsPreprocessing(float[] Mean, float[] Std, int ImageSize, string? Note = null);

/// <summary>Where pretrained weights come from and how to get them.</summary>
public enum WeightsAvailability
{
    /// <summary>In a package the library depends on: present on every machine, no download.</summary>
    Offline,

    /// <summary>Downloaded once by URL, verified, then kept in the weights cache.</summary>
    Download,
}

/// <summary>
/// One set of pretrained weights for one registry architecture: its name (<c>imagenet</c>), where it comes from, the
/// preprocessing it expects, and how to open it as a state dict with this project's keys.
/// </summary>
/// <param name="Architecture">The registry name of the network the weights fit.</param>
/// <param name="Name">The weights' name, e.g. <c>imagenet</c> (<c>Pretrained = "imagenet"</c>, <c>--pretrained imagenet</c>).</param>
/// <param name="Description">One line for <c>mlnetcnn weights</c>: dataset, origin, accuracy where published.</param>
/// <param name="Availability">Offline or by download.</param>
/// <param name="Source">Where they come from: the package and file, or the URL.</param>
/// <param name="Classes">The classes of the weights' own classifier (1000 for ImageNet), or null when the weights have no head.</param>
/// <param name="Preprocessing">What the images must look like.</param>
/// <param name="Open">Opens the weights (downloading them first when needed); the caller disposes the source.</param>
public sealed record PretrainedWeights(
    string Architecture, string Name, string Description, WeightsAvailability Availability, string Source, int? Classes,
    WeightsPreprocessing Preprocessing, Func<WeightsContext, CancellationToken, StateDictSource> Open)
{
    /// <summary>For downloads: the file name in the cache (torchvision's, e.g. <c>resnet18-f37072fd.pth</c>).</summary>
    public string? FileName { get; init; }

    /// <summary>For downloads: the SHA-256 the file must have (full hex), or only its first hex digits when that is all that is published.</summary>
    public string? Sha256 { get; init; }

    /// <summary>For downloads: the file's size in bytes, when known.</summary>
    public long? Bytes { get; init; }

    /// <summary>True when the weights can be opened without the network: offline, or already in the cache of <paramref name="context"/>.</summary>
    public bool IsPresent(WeightsContext context) =>
        Availability == WeightsAvailability.Offline || (FileName is not null && File.Exists(Path.Combine(context.CacheFolder, FileName)));
}

/// <summary>Where downloaded weights are kept, and whether downloading is allowed.</summary>
/// <param name="CacheFolder">
/// The weights cache: torch's <c>hub/checkpoints</c> layout, so files a PyTorch user already has are found. Default:
/// <see cref="DefaultCacheFolder"/>.
/// </param>
/// <param name="AllowDownload">False to fail instead of fetching a missing file (offline machines).</param>
/// <param name="BaseAddress">Replaces the scheme and host of download URLs (a mirror, or a loopback server in tests); null for the real ones.</param>
public sealed record WeightsContext(string CacheFolder, bool AllowDownload = true, Uri? BaseAddress = null)
{
    /// <summary>The environment variable that names the weights cache folder directly.</summary>
    public const string CacheVariable = "MLNETCNN_WEIGHTS";

    /// <summary>
    /// <c>$MLNETCNN_WEIGHTS</c>, else <c>$TORCH_HOME/hub/checkpoints</c>, else <c>~/.cache/torch/hub/checkpoints</c> (where
    /// PyTorch keeps torchvision's weights).
    /// </summary>
    public static string DefaultCacheFolder =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } own ? own
        : Path.Combine(Environment.GetEnvironmentVariable("TORCH_HOME") is { Length: > 0 } torchHome
            ? torchHome
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "torch"), "hub", "checkpoints");

    /// <summary>The default context: <see cref="DefaultCacheFolder"/>, downloads allowed.</summary>
    public static WeightsContext Default => new(DefaultCacheFolder);
}
