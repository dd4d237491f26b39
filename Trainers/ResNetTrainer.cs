using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>
/// Trains a ResNet (He et al. 2016): <c>resnet18</c>, <c>resnet34</c>, <c>resnet50</c> and their CIFAR-stem
/// variants (<c>_cifar</c>), with an option that removes the residual connections.
/// </summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class ResNetTrainer : ImageClassificationTrainer<ResNetTrainer.Options>
{
    private const string Family = "resnet";

    /// <summary>Options of <see cref="ResNetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The ResNet variant. Default <c>resnet18_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "resnet18_cifar";

        /// <summary>
        /// False removes every residual connection (a plain network of the same depth), true keeps them (<c>use_residual</c>);
        /// set, it overrides that key of <see cref="ImageClassificationTrainerOptions.ArchitectureSettings"/>. Null (default)
        /// keeps the dictionary's value, else the architecture's (true).
        /// </summary>
        public bool? UseResidual { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public ResNetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal ResNetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public ResNetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public ResNetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("use_residual", options.UseResidual));
}
