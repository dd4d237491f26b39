namespace MlNetCnn.Models.Registry;

/// <summary>Where a <see cref="ReferenceFigures"/> comes from.</summary>
public static class ReferenceSources
{
    /// <summary>
    /// torchvision's builder for the same model: the 1000-class parameter count is torchvision's published
    /// <c>num_params</c>; other class counts are torchvision's builder with that <c>num_classes</c>; multiply-adds were
    /// counted on torchvision 0.14's model with the PyTorch peer's <c>count_macs</c> (Conv2d and Linear only).
    /// </summary>
    public const string Torchvision = "torchvision";

    /// <summary>timm's published parameter count for the model of the same name.</summary>
    public const string Timm = "timm";

    /// <summary>The <c>num_params</c> of Holocron's published checkpoint for the model of the same name.</summary>
    public const string Holocron = "Holocron";

    /// <summary>
    /// <c>peer_models.py</c>, the PyTorch twin of the network that the speed and accuracy benchmarks compare against:
    /// its <c>count_params</c> and <c>count_macs</c> on that twin.
    /// </summary>
    public const string PeerModels = "peer_models.py";

    /// <summary>
    /// <c>ResNet18.onnx</c> of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (CNTK's ImageNet ResNet-18, no
    /// classifier): the elements of its learnable initializers counted (convolution weights, BatchNorm scales and biases;
    /// not the running statistics), plus the classifier this project puts on top (512 × classes weights and classes biases).
    /// </summary>
    public const string DnnImageFeaturizerOnnx = "ResNet18.onnx of Microsoft.ML.DnnImageFeaturizer.ResNet18 (learnable initializers counted) + the head";

    /// <summary>
    /// No published figure exists (a variant this project defines, e.g. a CIFAR stem on an ImageNet network): the
    /// figure is this project's own count, pinned so that a change to the network is noticed.
    /// </summary>
    public const string ThisProject = "this project's definition (no published figure)";
}
