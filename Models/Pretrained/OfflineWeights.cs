namespace MlNetCnn.Models.Pretrained;

// CONTRACT SKELETON — helper P1 fills it: the ImageNet network of Microsoft.ML.DnnImageFeaturizer.ResNet18, offline.

/// <summary>Pretrained weights that ship with the library's packages: no download.</summary>
public static class OfflineWeights
{
    /// <summary>Every offline entry.</summary>
    public static IReadOnlyList<PretrainedWeights> Entries { get; } = [];
}
