using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains a MobileNet: <c>mobilenet_v1</c> (Howard et al. 2017, depthwise-separable blocks) and <c>mobilenet_v2</c> (Sandler et al. 2018, torchvision).</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class MobileNetTrainer : ImageClassificationTrainer<MobileNetTrainer.Options>
{
    private const string Family = "mobilenet";

    /// <summary>Options of <see cref="MobileNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The mobilenet variant. Default <c>mobilenet_v2</c> (torchvision's layout, so torchvision weights load).</summary>
        public override string Architecture { get; set; } = "mobilenet_v2";

        /// <summary>Scales every layer's width (<c>width_multiplier</c>, α in the papers); null keeps 1.0.</summary>
        public double? WidthMultiplier { get; set; }

        /// <summary>Dropout before the classifier (<c>dropout</c>), <c>mobilenet_v2</c> only; null keeps 0.2.</summary>
        public double? Dropout { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public MobileNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal MobileNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public MobileNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public MobileNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("width_multiplier", options.WidthMultiplier), ("dropout", options.Dropout));
}
