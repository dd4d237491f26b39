using Microsoft.ML;
using Microsoft.ML.Runtime;
using Catalog = Microsoft.ML.MulticlassClassificationCatalog.MulticlassClassificationTrainers;

namespace MlNetCnn.Trainers;

/// <summary>
/// MlNetCnn's trainers on <c>mlContext.MulticlassClassification.Trainers</c>: for each family a simple overload
/// (columns and epochs) and an options overload, and <see cref="Cnn"/> for any registered architecture.
/// </summary>
public static class MlNetCnnCatalog
{
    /// <summary>A LeNet trainer (<see cref="LeNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static LeNetTrainer LeNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        LeNet(catalog, ImageClassificationTrainerOptions.Simple<LeNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A LeNet trainer (<see cref="LeNetTrainer"/>) with the given options.</summary>
    public static LeNetTrainer LeNet(this Catalog catalog, LeNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>An AlexNet trainer (<see cref="AlexNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static AlexNetTrainer AlexNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        AlexNet(catalog, ImageClassificationTrainerOptions.Simple<AlexNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>An AlexNet trainer (<see cref="AlexNetTrainer"/>) with the given options.</summary>
    public static AlexNetTrainer AlexNet(this Catalog catalog, AlexNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A VGG trainer (<see cref="VggTrainer"/>) with default options but the given columns and epochs.</summary>
    public static VggTrainer Vgg(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        Vgg(catalog, ImageClassificationTrainerOptions.Simple<VggTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A VGG trainer (<see cref="VggTrainer"/>) with the given options.</summary>
    public static VggTrainer Vgg(this Catalog catalog, VggTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A Network in Network trainer (<see cref="NiNTrainer"/>) with default options but the given columns and epochs.</summary>
    public static NiNTrainer NiN(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        NiN(catalog, ImageClassificationTrainerOptions.Simple<NiNTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A Network in Network trainer (<see cref="NiNTrainer"/>) with the given options.</summary>
    public static NiNTrainer NiN(this Catalog catalog, NiNTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A GoogLeNet trainer (<see cref="GoogLeNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static GoogLeNetTrainer GoogLeNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        GoogLeNet(catalog, ImageClassificationTrainerOptions.Simple<GoogLeNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A GoogLeNet trainer (<see cref="GoogLeNetTrainer"/>) with the given options.</summary>
    public static GoogLeNetTrainer GoogLeNet(this Catalog catalog, GoogLeNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A ResNet trainer (<see cref="ResNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static ResNetTrainer ResNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        ResNet(catalog, ImageClassificationTrainerOptions.Simple<ResNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A ResNet trainer (<see cref="ResNetTrainer"/>) with the given options.</summary>
    public static ResNetTrainer ResNet(this Catalog catalog, ResNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A Res2Net trainer (<see cref="Res2NetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static Res2NetTrainer Res2Net(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        Res2Net(catalog, ImageClassificationTrainerOptions.Simple<Res2NetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A Res2Net trainer (<see cref="Res2NetTrainer"/>) with the given options.</summary>
    public static Res2NetTrainer Res2Net(this Catalog catalog, Res2NetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>An SE-ResNet trainer (<see cref="SeResNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static SeResNetTrainer SeResNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        SeResNet(catalog, ImageClassificationTrainerOptions.Simple<SeResNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>An SE-ResNet trainer (<see cref="SeResNetTrainer"/>) with the given options.</summary>
    public static SeResNetTrainer SeResNet(this Catalog catalog, SeResNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A DenseNet trainer (<see cref="DenseNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static DenseNetTrainer DenseNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        DenseNet(catalog, ImageClassificationTrainerOptions.Simple<DenseNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A DenseNet trainer (<see cref="DenseNetTrainer"/>) with the given options.</summary>
    public static DenseNetTrainer DenseNet(this Catalog catalog, DenseNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A MobileNet trainer (<see cref="MobileNetTrainer"/>) with default options but the given columns and epochs.</summary>
    public static MobileNetTrainer MobileNet(this Catalog catalog, string labelColumnName = "Label", string imageColumnName = "Features", int epochs = 10) =>
        MobileNet(catalog, ImageClassificationTrainerOptions.Simple<MobileNetTrainer.Options>(labelColumnName, imageColumnName, epochs));

    /// <summary>A MobileNet trainer (<see cref="MobileNetTrainer"/>) with the given options.</summary>
    public static MobileNetTrainer MobileNet(this Catalog catalog, MobileNetTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>A trainer for any registered architecture.</summary>
    public static CnnTrainer Cnn(this Catalog catalog, CnnTrainer.Options options) => new(CatalogContext(catalog), options);

    /// <summary>
    /// The environment behind a catalog (the user's MLContext logs what it receives), so the trainer logs there.
    /// ML.NET keeps it in an explicit implementation of an internal interface; when that is not found the
    /// trainer logs to a context of its own.
    /// </summary>
    internal static IHostEnvironment? CatalogContext(Catalog catalog) =>
        catalog.GetType().BaseType?
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .FirstOrDefault(p => p.Name.EndsWith(".Environment", StringComparison.Ordinal) && p.PropertyType == typeof(IHostEnvironment))?
            .GetValue(catalog) as IHostEnvironment;
}
