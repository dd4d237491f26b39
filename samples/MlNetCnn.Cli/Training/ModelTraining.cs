using Microsoft.ML;
using MlNetCnn.Cli.Output;
using MlNetCnn.Models.Registry;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Transforms;

namespace MlNetCnn.Cli.Training;

/// <summary>Builds and fits the training pipeline: label to key, image to tensor, the CNN trainer.</summary>
internal static class ModelTraining
{
    /// <summary>Fits the pipeline on <paramref name="train"/>.</summary>
    public static TrainingOutcome Train(MLContext mlContext, ImageDataSet train, TrainSettings settings, Progress progress)
    {
        var architecture = ArchitectureRegistry.Get(settings.Architecture);
        var options = new CnnTrainer.Options
        {
            Architecture = architecture.Name,
            LabelColumnName = ImageRow.LabelColumnName,
            ImageColumnName = "Features",
            Device = Enum.Parse<TrainingDevice>(settings.Device, ignoreCase: true),
            ArchitectureSettings = new Dictionary<string, string>(settings.ArchitectureSettings),
            InitialWeightsPath = settings.WeightsPath,
            Progress = new Progress<TrainingProgress>(p =>
            {
                if (p.Step == p.Steps) progress.Report($"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}  accuracy {p.Accuracy:P1}  {p.ImagesPerSecond:F1} images/s  ETA {p.Eta:hh\\:mm\\:ss}  [{p.Device}]");
                else progress.Detail($"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.Steps}  loss {p.Loss:F4}  {p.ImagesPerSecond:F1} images/s");
            }),
        };
        if (settings.Epochs is { } epochs) options.Epochs = epochs;
        if (settings.BatchSize is { } batchSize) options.BatchSize = batchSize;
        if (settings.LearningRate is { } learningRate) options.LearningRate = learningRate;
        if (settings.Seed is { } seed) options.Seed = seed;

        int size = settings.ImageSize ?? architecture.DefaultImageSize;
        var colorMode = settings.InChannels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb;
        var pipeline = train.MapLabelToKey(mlContext)
            .Append(mlContext.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, size, size, colorMode))
            .Append(mlContext.MulticlassClassification.Trainers.Cnn(options));

        progress.Report($"Training {architecture.Name} on {train.Count:N0} images ({size}x{size}, {settings.InChannels} channel(s)).");
        var model = pipeline.Fit(train.Data);
        ImageClassificationTransformer classifier = model.LastTransformer;
        var history = classifier.History
            .Select(e => new EpochRecord(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.Seconds, e.ImagesPerSecond))
            .ToArray();
        return new TrainingOutcome(model, history, classifier.TrainingDevice, classifier.ScoringDevice, classifier.SaveOnnx);
    }
}
