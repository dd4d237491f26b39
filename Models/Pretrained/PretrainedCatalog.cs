namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// Every set of pretrained weights the library knows, by architecture and name: the offline ImageNet network of the
/// package ML.NET's image featurizer uses, and torchvision's published weights by URL.
/// </summary>
public static class PretrainedCatalog
{
    /// <summary>Every entry, offline ones first.</summary>
    public static IReadOnlyList<PretrainedWeights> All { get; } = [.. OfflineWeights.Entries, .. TorchvisionWeights.Entries];

    /// <summary>The weights named <paramref name="name"/> for <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">None such; the message lists the weights that exist for the architecture, or the architectures that have weights.</exception>
    public static PretrainedWeights Get(string architecture, string name)
    {
        var found = All.FirstOrDefault(w => w.Architecture == architecture && string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
        if (found is not null) return found;
        var forArchitecture = All.Where(w => w.Architecture == architecture).Select(w => w.Name).ToList();
        throw new ArgumentException(forArchitecture.Count > 0
            ? $"No pretrained weights '{name}' for {architecture}; it has: {string.Join(", ", forArchitecture)}."
            : $"No pretrained weights for {architecture}; architectures with weights: {string.Join(", ", All.Select(w => w.Architecture).Distinct())}.",
            nameof(name));
    }
}
