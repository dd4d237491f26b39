using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains an SE-ResNet (Hu et al. 2018), the ResNet trunk with squeeze-excitation in every block: <c>se_resnet18</c>, <c>se_resnet34</c>, <c>se_resnet50</c> and their CIFAR-stem variants (<c>_cifar</c>).</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class SeResNetTrainer : ImageClassificationTrainer<SeResNetTrainer.Options>
{
    private const string Family = "se_resnet";

    /// <summary>Options of <see cref="SeResNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The se_resnet variant. Default <c>se_resnet18_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "se_resnet18_cifar";

        /// <summary>Squeeze-excitation reduction, hidden width = channels / it (<c>se_reduction</c>); null keeps 16.</summary>
        public int? SeReduction { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public SeResNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal SeResNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public SeResNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public SeResNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("se_reduction", options.SeReduction));
}
