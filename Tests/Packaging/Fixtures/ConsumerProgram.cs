// The Program.cs of the fresh console project that ConsumerPackageTests creates outside the repository: the README's
// pipeline, written as a user of the MlNetCnn package writes it. Not compiled into the tests.
//   train IMAGE_DIR MODEL.zip   one sub-folder per class; one epoch of cifarnet at 32×32, then Model.Save
//   predict MODEL.zip IMAGE     Model.Load in this (fresh) process, PredictionEngine from the image path
//   network                     builds a network: TorchSharp's first use in the process
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

switch (args)
{
    case ["train", var imageDir, var modelPath]:
        Train(imageDir, modelPath);
        break;
    case ["predict", var modelPath, var image]:
        Predict(modelPath, image);
        break;
    case ["network"]:
        using (var network = ArchitectureRegistry.Create("cifarnet", new ModelSpec(3, 2, 32)))
            Console.WriteLine($"built {network.GetType().Name}");
        break;
    default:
        Console.Error.WriteLine("usage: train IMAGE_DIR MODEL.zip | predict MODEL.zip IMAGE | network");
        return 2;
}
return 0;

static void Train(string imageDir, string modelPath)
{
    var rows = Directory.GetDirectories(imageDir).Order(StringComparer.Ordinal)
        .SelectMany(dir => Directory.GetFiles(dir, "*.png").Select(path => new ImageRow { ImagePath = path, Label = Path.GetFileName(dir) }))
        .ToList();
    var ml = new MLContext(seed: 1);
    IDataView train = ml.Data.LoadFromEnumerable(rows);
    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
        .Append(ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", imageWidth: 32, imageHeight: 32))
        .Append(ml.MulticlassClassification.Trainers.LeNet(new LeNetTrainer.Options { Architecture = "cifarnet", Epochs = 1, BatchSize = 10 }))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
    var model = pipeline.Fit(train);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(train));
    ml.Model.Save(model, train.Schema, modelPath);
    Console.WriteLine($"trained on {rows.Count} images, training accuracy {metrics.MicroAccuracy:F2}, saved {modelPath}");
}

static void Predict(string modelPath, string image)
{
    var ml = new MLContext();
    ITransformer model = ml.Model.Load(modelPath, out _);
    var engine = ml.Model.CreatePredictionEngine<ImageRow, Prediction>(model);
    var prediction = engine.Predict(new ImageRow { ImagePath = image });
    Console.WriteLine($"predicted {prediction.PredictedClass} ({prediction.Score.Max():F3}) for {Path.GetFileName(image)}");
}

sealed class ImageRow
{
    public string ImagePath { get; set; } = "";
    public string Label { get; set; } = "";
}

sealed class Prediction
{
    public string PredictedClass { get; set; } = "";
    public float[] Score { get; set; } = Array.Empty<float>();
}
