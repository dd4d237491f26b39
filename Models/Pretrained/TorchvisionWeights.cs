namespace MlNetCnn.Models.Pretrained;

// CONTRACT SKELETON — helper P2 fills it: torchvision's ImageNet weights by URL, SHA-256, downloaded and cached.

/// <summary>torchvision's published ImageNet weights, downloaded by URL into the weights cache.</summary>
public static class TorchvisionWeights
{
    /// <summary>Every torchvision entry.</summary>
    public static IReadOnlyList<PretrainedWeights> Entries { get; } = [];
}
