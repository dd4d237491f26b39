using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains AlexNet (Krizhevsky et al. 2012) in torchvision's layout, from 63×63 inputs up.</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class AlexNetTrainer : ImageClassificationTrainer<AlexNetTrainer.Options>
{
    private const string Family = "alexnet";

    /// <summary>Options of <see cref="AlexNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The alexnet variant. Default <c>alexnet</c>.</summary>
        public override string Architecture { get; set; } = "alexnet";

        /// <summary>Width of the two hidden fully-connected layers (<c>classifier_width</c>); null keeps the architecture's 4096.</summary>
        public int? ClassifierWidth { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public AlexNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal AlexNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public AlexNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public AlexNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("classifier_width", options.ClassifierWidth));
}
