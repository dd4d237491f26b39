// Compiled only with -p:MlNetCnnTrainerWired=true (see MlNetCnn.Cli.csproj): it calls the trainer API of
// Trainers/ and Transforms/ (ResNetTrainer, ImageClassificationTransformer, LoadImagesAsTensors), which
// is being written in parallel. Until then ModelTraining.Unwired.cs stands in for this file.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Cli.Output;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Cli.Training;

/// <summary>Builds and fits the training pipeline: label to key, image to tensor, the CNN trainer.</summary>
internal static class ModelTraining
{
    /// <summary>Fits the pipeline on <paramref name="train"/>.</summary>
    public static TrainingOutcome Train(MLContext mlContext, ImageDataSet train, TrainSettings settings, Progress progress)
    {
        var options = new ResNetTrainer.Options
        {
            Architecture = settings.Architecture,
            LabelColumnName = ImageRow.LabelColumnName,
            ImageColumnName = "Features",
            Device = Enum.Parse<TrainingDevice>(settings.Device, ignoreCase: true),
            ArchitectureSettings = settings.ArchitectureSettings,
        };
        if (settings.WeightsPath is { } weights)
            options.WeightsPath = weights;
        if (settings.Epochs is { } epochs)
            options.Epochs = epochs;
        if (settings.BatchSize is { } batchSize)
            options.BatchSize = batchSize;
        if (settings.LearningRate is { } learningRate)
            options.LearningRate = learningRate;
        if (settings.Seed is { } seed)
            options.Seed = seed;

        int size = settings.ImageSize ?? 32;
        var colorMode = settings.InChannels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb;
        IDataView classNames = mlContext.Data.LoadFromEnumerable(train.ClassNames.Select(n => new ImageRow { Label = n }));
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey(ImageRow.LabelColumnName, keyData: classNames)
            .Append(mlContext.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, size, size, colorMode))
            .Append(new ResNetTrainer(options));

        progress.Report($"Training {settings.Architecture} on {train.Count:N0} images ({size}x{size}, {settings.InChannels} channels).");
        var model = pipeline.Fit(train.Data);
        ImageClassificationTransformer classifier = model.LastTransformer;
        var history = classifier.History
            .Select(e => new EpochRecord(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.Seconds, e.ImagesPerSecond))
            .ToArray();
        return new TrainingOutcome(model, history, classifier.TrainingDevice.ToString(), classifier.ScoringDevice.ToString(),
            classifier.SaveOnnx);
    }
}
