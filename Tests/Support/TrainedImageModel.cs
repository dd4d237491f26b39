using Microsoft.ML;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Support;

/// <summary>
/// One CifarNet trained for one epoch on 40 shipped CIFAR-10 images (image paths in, 32×32), and the same model saved to
/// <c>model.zip</c>: shared by the scoring tests, trained once per test run.
/// </summary>
internal sealed class TrainedImageModel
{
    private static readonly Lazy<TrainedImageModel> Shared = new(Train);

    private TrainedImageModel(MLContext context, ITransformer model, DataViewSchema inputSchema, string zipPath)
    {
        Context = context;
        Model = model;
        InputSchema = inputSchema;
        ZipPath = zipPath;
    }

    /// <summary>The shared model.</summary>
    public static TrainedImageModel Instance => Shared.Value;

    /// <summary>The context the model was trained in.</summary>
    public MLContext Context { get; }

    /// <summary>The model as <c>Fit</c> returned it (label to key, image to tensor, the trained classifier).</summary>
    public ITransformer Model { get; }

    /// <summary>The training data's schema (<c>ImagePath</c>, <c>Label</c>).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The model saved with <c>mlContext.Model.Save</c>, in a temporary folder deleted when the test process ends.</summary>
    public string ZipPath { get; }

    /// <summary>Held-out shipped images, <paramref name="perClass"/> of each class.</summary>
    public static List<ImageFile> TestImages(int perClass) => ShippedImages.Test(perClass);

    private static TrainedImageModel Train()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(ShippedImages.Train(perClass: 4));
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", 32, 32))
            .Append(new CnnTrainer(ml, new CnnTrainer.Options { Architecture = "cifarnet", Epochs = 1, BatchSize = 20 }))
            .Fit(train);
        string folder = Path.Combine(Path.GetTempPath(), $"mlnetcnn-scoring-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        string zip = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, train.Schema, zip);
        return new TrainedImageModel(ml, model, train.Schema, zip);
    }
}
