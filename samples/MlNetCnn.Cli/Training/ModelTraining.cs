using Microsoft.ML;
using MlNetCnn.Cli.Output;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Transforms;

namespace MlNetCnn.Cli.Training;

/// <summary>
/// Fits the training chain as ML.NET does with a validation set: label to key and image to tensor are fitted on the
/// training data and transform both sets, the trainer fits on the transformed ones, and its model ends the chain.
/// </summary>
internal static class ModelTraining
{
    /// <summary>The image tensor column the trainer reads.</summary>
    public const string ImageColumnName = "Features";

    /// <summary>
    /// Fits <paramref name="trainer"/> on <paramref name="train"/>, scoring <paramref name="validation"/> (when given) after
    /// every epoch; the images become <paramref name="imageSize"/>² tensors of <paramref name="inChannels"/> channels.
    /// </summary>
    /// <returns>The whole chain (label to key, image to tensor, the network): what model.zip holds.</returns>
    public static TrainingOutcome Train(
        MLContext mlContext, CnnTrainer trainer, int imageSize, int inChannels, ImageDataSet train, ImageDataSet? validation)
    {
        var colorMode = inChannels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb;
        var prefix = train.MapLabelToKey(mlContext)
            .Append(mlContext.Transforms.LoadImagesAsTensors(ImageColumnName, ImageRow.ImageColumnName, imageSize, imageSize, colorMode))
            .Fit(train.Data);
        IDataView trainData = prefix.Transform(train.Data);
        ImageClassificationTransformer classifier = validation is null
            ? trainer.Fit(trainData)
            : FitWithValidation(trainer, trainData, prefix.Transform(validation.Data));
        var history = classifier.History
            .Select(e => new EpochRecord(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.Seconds, e.ImagesPerSecond))
            .ToArray();
        return new TrainingOutcome(prefix.Append(classifier), history, classifier.TrainingDevice, classifier.ScoringDevice, classifier.SaveOnnx);
    }

    /// <summary>The trainer's fit with a validation set of its own (not a held-out part of the training data).</summary>
    private static ImageClassificationTransformer FitWithValidation(CnnTrainer trainer, IDataView trainData, IDataView validationData)
    {
        // TODO(merge): return trainer.Fit(trainData, validationData) once ImageClassificationTrainer<T> has that overload
        // (being added in Trainers/). Until then the --val-dir images are scored for metrics.json only, not per epoch.
        _ = validationData;
        return trainer.Fit(trainData);
    }
}
