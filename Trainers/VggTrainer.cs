using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains a VGG (Simonyan and Zisserman 2015) in torchvision's layout: <c>vgg11</c>, <c>vgg11_bn</c>, <c>vgg16</c>, <c>vgg16_bn</c>.</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class VggTrainer : ImageClassificationTrainer<VggTrainer.Options>
{
    private const string Family = "vgg";

    /// <summary>Options of <see cref="VggTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The vgg variant. Default <c>vgg11_bn</c> (BatchNorm makes VGG trainable from scratch at the default learning rate).</summary>
        public override string Architecture { get; set; } = "vgg11_bn";

        /// <summary>Width of the two hidden fully-connected layers (<c>classifier_width</c>); null keeps the architecture's 4096.</summary>
        public int? ClassifierWidth { get; set; }

        /// <summary>Divides every convolution's channels (<c>width_divisor</c>; 4 = the small VGG); null keeps 1.</summary>
        public int? WidthDivisor { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public VggTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal VggTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public VggTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public VggTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("classifier_width", options.ClassifierWidth), ("width_divisor", options.WidthDivisor));
}
