using Microsoft.ML;
using MlNetCnn.Cli.Output;

namespace MlNetCnn.Cli.Training;

/// <summary>What <see cref="ModelTraining.Train"/> returns: the fitted chain, what the trainer reported, and its ONNX writer.</summary>
internal sealed record TrainingOutcome(
    ITransformer Model, IReadOnlyList<EpochRecord> History, string TrainingDevice, string ScoringDevice, Action<string> SaveOnnx);
