using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetCnn.Trainers;

/// <summary>MlNetCnn's trainers on <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
public static class MlNetCnnCatalog
{
    /// <summary>A ResNet trainer with default options but the given columns and epochs.</summary>
    public static ResNetTrainer ResNet(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        new(CatalogContext(catalog), new ResNetTrainer.Options { LabelColumnName = labelColumnName, ImageColumnName = imageColumnName, Epochs = epochs });

    /// <summary>A ResNet trainer with the given options.</summary>
    public static ResNetTrainer ResNet(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, ResNetTrainer.Options options) =>
        new(CatalogContext(catalog), options);

    /// <summary>A trainer for any registered architecture.</summary>
    public static CnnTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CnnTrainer.Options options) =>
        new(CatalogContext(catalog), options);

    /// <summary>
    /// The environment behind a catalog (the user's MLContext logs what it receives), so the trainer logs there.
    /// ML.NET keeps it in an explicit implementation of an internal interface; when that is not found the
    /// trainer logs to a context of its own.
    /// </summary>
    internal static IHostEnvironment? CatalogContext(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog) =>
        catalog.GetType().BaseType?
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .FirstOrDefault(p => p.Name.EndsWith(".Environment", StringComparison.Ordinal) && p.PropertyType == typeof(IHostEnvironment))?
            .GetValue(catalog) as IHostEnvironment;
}
