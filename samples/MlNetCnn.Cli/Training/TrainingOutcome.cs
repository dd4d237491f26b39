using Microsoft.ML;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Cli.Training;

/// <summary>What <see cref="ModelTraining.Train"/> returns: the fitted chain, what the trainer reported, and its ONNX writer.</summary>
internal sealed record TrainingOutcome(ITransformer Model, TrainedModelInfo Info, Action<string> SaveOnnx);
