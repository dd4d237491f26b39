using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains a Res2Net (Gao et al. 2019), the ResNet trunk with the Res2Net block: <c>res2net18</c>, <c>res2net50_26w_4s</c> and their CIFAR-stem variants (<c>_cifar</c>).</summary>
/// <inheritdoc cref="ImageClassificationTrainer{TOptions}" path="/remarks"/>
public sealed class Res2NetTrainer : ImageClassificationTrainer<Res2NetTrainer.Options>
{
    private const string Family = "res2net";

    /// <summary>Options of <see cref="Res2NetTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The res2net variant. Default <c>res2net18_cifar</c> (for 32×32 images).</summary>
        public override string Architecture { get; set; } = "res2net18_cifar";

        /// <summary>Width of one split per 64 planes (<c>base_width</c>); null keeps 26.</summary>
        public int? BaseWidth { get; set; }

        /// <summary>Number of splits (<c>scale</c>); null keeps 4.</summary>
        public int? Scale { get; set; }
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public Res2NetTrainer(MLContext mlContext, Options options) : base(mlContext, options, Family) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal Res2NetTrainer(IHostEnvironment? environment, Options options) : base(environment, options, Family) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public Res2NetTrainer(Options options) : base(null, options, Family) { }

    /// <summary>Creates the trainer with default options but the given columns and length of training.</summary>
    public Res2NetTrainer(MLContext mlContext, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10)
        : this(mlContext, ImageClassificationTrainerOptions.Simple<Options>(labelColumnName, imageColumnName, epochs)) { }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ArchitectureSettingsOf(Options options) =>
        WithTypedSettings(options, ("base_width", options.BaseWidth), ("scale", options.Scale));
}
