using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains a DenseNet (Huang et al. 2017): <c>densenet121</c> (torchvision) and <c>densenet_cifar</c> (DenseNet-BC for small inputs).</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class DenseNetTrainer : ImageClassificationTrainer<DenseNetTrainer.Options>
{
    private const string Family = "densenet";

    /// <summary>Options of <see cref="DenseNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The densenet variant. Default <c>densenet_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "densenet_cifar";

        /// <summary>Channels each dense layer adds (<c>growth_rate</c>); null keeps the architecture's.</summary>
        public int? GrowthRate { get; set; }

        /// <summary>Dense layers per block (<c>block_config</c>); null keeps the architecture's.</summary>
        public int[]? BlockConfig { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public DenseNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal DenseNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public DenseNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public DenseNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("growth_rate", options.GrowthRate), ("block_config", options.BlockConfig));
}
