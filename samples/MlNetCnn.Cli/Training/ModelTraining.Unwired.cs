// Stands in for ModelTraining.cs until the trainer API exists (see MlNetCnn.Cli.csproj); delete it then.
using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Cli.Training;

/// <summary>The training pipeline, not available in this build.</summary>
internal static class ModelTraining
{
    /// <summary>Always fails: this build of the tool was compiled without the trainer.</summary>
    public static TrainingOutcome Train(MLContext mlContext, ImageDataSet train, TrainSettings settings, Progress progress) =>
        throw new NotSupportedException(
            "This build of mlnetcnn has no trainer: build with -p:MlNetCnnTrainerWired=true once MlNetCnn.Trainers provides ResNetTrainer.");
}
