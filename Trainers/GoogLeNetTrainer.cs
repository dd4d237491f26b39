using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains GoogLeNet / Inception v1 (Szegedy et al. 2015): <c>googlenet</c> (torchvision, no auxiliary heads) and <c>googlenet_cifar</c> (small-input stem).</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class GoogLeNetTrainer : ImageClassificationTrainer<GoogLeNetTrainer.Options>
{
    private const string Family = "googlenet";

    /// <summary>Options of <see cref="GoogLeNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The googlenet variant. Default <c>googlenet_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "googlenet_cifar";

        /// <summary>Dropout rate before <c>fc</c> (<c>dropout</c>); null keeps 0.2.</summary>
        public double? Dropout { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public GoogLeNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal GoogLeNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public GoogLeNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public GoogLeNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("dropout", options.Dropout));
}
