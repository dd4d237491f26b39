using Microsoft.ML;
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
    /// every epoch; the images become <paramref name="imageSize"/>² tensors of <paramref name="inChannels"/> channels, resized
    /// by <paramref name="resizeMode"/>.
    /// </summary>
    /// <returns>The whole chain (label to key, image to tensor, the network): what model.zip holds.</returns>
    public static TrainingOutcome Train(
        MLContext mlContext, CnnTrainer trainer, int imageSize, int inChannels, ImageDataSet train, ImageDataSet? validation,
        ImageResizeMode resizeMode = ImageResizeMode.Stretch)
    {
        var colorMode = inChannels == 1 ? ImageColorMode.Grayscale : ImageColorMode.Rgb;
        var prefix = train.MapLabelToKey(mlContext)
            .Append(mlContext.Transforms.LoadImagesAsTensors(ImageColumnName, ImageRow.ImageColumnName, imageSize, imageSize, colorMode, resizeMode))
            .Fit(train.Data);
        IDataView trainData = prefix.Transform(train.Data);
        ImageClassificationTransformer classifier = trainer.Fit(trainData, validation is null ? null : prefix.Transform(validation.Data));
        return new TrainingOutcome(prefix.Append(classifier), classifier.Info, classifier.SaveOnnx);
    }
}
