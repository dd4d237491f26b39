using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>Trains any registered architecture, chosen by its registry name.</summary>
public sealed class CnnTrainer : ImageClassificationTrainer<CnnTrainer.Options>
{
    /// <summary>Options of <see cref="CnnTrainer"/>.</summary>
    public sealed class Options : ImageClassificationTrainerOptions
    {
        /// <summary>The registry name of the network. Default <c>resnet18_cifar</c>.</summary>
        public override string Architecture { get; set; } = "resnet18_cifar";
    }

    /// <summary>Creates the trainer; its log messages go to <paramref name="mlContext"/>.</summary>
    public CnnTrainer(MLContext mlContext, Options options) : base(mlContext, options, family: null) { }

    /// <summary>Creates the trainer, logging to <paramref name="environment"/> (the environment behind a catalog).</summary>
    internal CnnTrainer(IHostEnvironment? environment, Options options) : base(environment, options, family: null) { }

    /// <summary>Creates the trainer with its own <see cref="MLContext"/>.</summary>
    public CnnTrainer(Options options) : base(null, options, family: null) { }
}
