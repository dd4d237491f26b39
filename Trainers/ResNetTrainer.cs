using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>
/// Trains a ResNet (He et al. 2016): <c>resnet18</c>, <c>resnet34</c>, <c>resnet50</c> and their CIFAR-stem
/// variants (<c>_cifar</c>), with an option that removes the residual connections.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// | Input and output columns | |
/// | -- | -- |
/// | `Label` (input) | key type, from `MapValueToKey` |
/// | `Features` (input) | known-size `Vector<Single>` of CHW pixels in 0–1, from `LoadImagesAsTensors` |
/// | `Score` (output) | `Vector<Single>` of class probabilities |
/// | `PredictedLabel` (output) | the label's key type and key values |
///
/// | Trainer characteristics | |
/// | -- | -- |
/// | Machine learning task | multiclass classification |
/// | Normalization | per-channel mean/std, computed from the data and carried in the ONNX graph |
/// | Caching | the images are read once into memory |
/// | Device | CUDA when available (TorchSharp, ONNX Runtime), else the CPU |
/// ]]></format>
/// </remarks>
public sealed class ResNetTrainer : ImageClassificationTrainer<ResNetTrainer.Options>
{
    /// <summary>Options of <see cref="ResNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The ResNet variant. Default <c>resnet18_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "resnet18_cifar";

        /// <summary>False removes every residual connection (a plain network of the same depth). Default true.</summary>
        public bool UseResidual { get; set; } = true;
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public ResNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, "resnet") { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal ResNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, "resnet") { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public ResNetTrainer(Options options) : base(null, options, "resnet") { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public ResNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, new Options { LabelColumnName = labelColumnName, ImageColumnName = imageColumnName, Epochs = epochs }) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        new Dictionary<string, string>(options.ArchitectureSettings) { ["use_residual"] = options.UseResidual ? "true" : "false" };
}
