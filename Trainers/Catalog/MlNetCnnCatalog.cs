using Microsoft.ML;

namespace MlNetCnn.Trainers;

/// <summary>MlNetCnn's trainers on <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
public static class MlNetCnnCatalog
{
    /// <summary>A ResNet trainer with default options but the given columns and epochs.</summary>
    public static ResNetTrainer ResNet(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        new(CatalogContext(catalog), labelColumnName, imageColumnName, epochs);

    /// <summary>A ResNet trainer with the given options.</summary>
    public static ResNetTrainer ResNet(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, ResNetTrainer.Options options) =>
        new(CatalogContext(catalog), options);

    /// <summary>A trainer for any registered architecture.</summary>
    public static CnnTrainer Cnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CnnTrainer.Options options) =>
        new(CatalogContext(catalog), options);

    /// <summary>
    /// The MLContext behind a catalog, so the trainer logs to it. ML.NET keeps it in an internal property; when
    /// that is not found the trainer logs to a context of its own.
    /// </summary>
    private static MLContext CatalogContext(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog) =>
        catalog.GetType().BaseType?
            .GetProperty("Environment", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?
            .GetValue(catalog) as MLContext ?? new MLContext();
}
