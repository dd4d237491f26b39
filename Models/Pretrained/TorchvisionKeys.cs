using System.Text.RegularExpressions;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// The renames torchvision applies to some of its weight files on load, as functions from a file key to this project's
/// key (null drops the key). The other architectures' files use the network's keys as they are.
/// </summary>
internal static partial class TorchvisionKeys
{
    /// <summary>Keys kept as they are.</summary>
    public static string? Same(string key) => key;

    /// <summary>
    /// DenseNet files use the names of old torchvision releases inside dense layers: <c>norm.1.weight</c>,
    /// <c>relu.1</c>, <c>conv.1.weight</c>, ... for today's <c>norm1.weight</c>, <c>conv1.weight</c>.
    /// </summary>
    public static string? DenseNet(string key) =>
        OldDenseLayerKey().Match(key) is { Success: true } match ? match.Groups[1].Value + match.Groups[2].Value : key;

    /// <summary>GoogLeNet files carry the auxiliary classifiers <c>aux1.</c> and <c>aux2.</c>, which the network lacks.</summary>
    public static string? GoogLeNet(string key) =>
        key.StartsWith("aux1.", StringComparison.Ordinal) || key.StartsWith("aux2.", StringComparison.Ordinal) ? null : key;

    [GeneratedRegex(@"^(.*denselayer\d+\.(?:norm|relu|conv))\.([12]\.(?:weight|bias|running_mean|running_var))$")]
    private static partial Regex OldDenseLayerKey();
}
