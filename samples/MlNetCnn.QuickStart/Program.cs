using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Cli.Display;
using MlNetCnn.QuickStart;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

// MlNetCnn quick start: train Page's ResNet-9 (width 16) on its recommended recipe, on real CIFAR-10 images shipped in
// the repository; evaluate it on held-out images, save it, load it back in a fresh MLContext and predict image files.
// Usage: dotnet run --project samples/MlNetCnn.QuickStart -c Release -- [data folder] [epochs] [output folder]
string dataFolder = args.Length > 0 ? args[0] : ImageFolder.FindShipped("samples/data/cifar10-small");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 12;
string outputFolder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "mlnetcnn-quickstart");
Directory.CreateDirectory(outputFolder);
var phases = new PhaseClock();

var mlContext = new MLContext(seed: 1);
var train = mlContext.Data.LoadFromEnumerable(ImageFolder.Read(Path.Combine(dataFolder, "train")));
var test = mlContext.Data.LoadFromEnumerable(ImageFolder.Read(Path.Combine(dataFolder, "test")));

// 1. The pipeline: label → key, image file → 3×32×32 tensor, ResNet-9 trainer. Every option left unset (optimiser,
//    learning rate and schedule, batch size, augmentation, ...) comes from the architecture's recipe in the registry.
//    The trainer reports every step to the display: a live progress bar on a terminal's stderr, one line per epoch
//    when stderr is redirected.
var display = TrainingDisplay.For(Console.Error, quiet: false, verbose: false, errorIsConsole: true);
var trainer = new ResNetTrainer(mlContext, new ResNetTrainer.Options
{
    Architecture = "resnet9",
    ArchitectureSettings = { ["width"] = "16" },
    Epochs = epochs,
    Progress = display,
});
var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    .Append(mlContext.Transforms.LoadImagesAsTensors("Features", "ImagePath", imageWidth: 32, imageHeight: 32))
    .Append(trainer);

phases.End("load");
Console.WriteLine($"Training ResNet-9 (width 16) on {ImageFolder.Count(train)} images from {dataFolder} ...");
var model = display.Run(() => pipeline.Fit(train));
Console.WriteLine($"Trained on {model.LastTransformer.TrainingDevice}; scoring on {model.LastTransformer.ScoringDevice}.");
Console.WriteLine($"Recipe: {model.LastTransformer.Info.Recipe}");
phases.End("train");

// 2. Evaluate on held-out images.
var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test));
Console.WriteLine($"Test accuracy {metrics.MicroAccuracy:P1} (macro {metrics.MacroAccuracy:P1}, log-loss {metrics.LogLoss:F3}) on {ImageFolder.Count(test)} images");
var classNames = model.LastTransformer.ClassNames;
var counts = metrics.ConfusionMatrix.Counts;
for (int c = 0; c < classNames.Count; c++)
    Console.WriteLine($"  Accuracy of {classNames[c],-10}: {counts[c][c] / Math.Max(1, counts[c].Sum()),6:P0}");
phases.End("evaluate");

// 3. Save, then load in a fresh context: the zip alone holds the image transform and the network.
string modelPath = Path.Combine(outputFolder, "model.zip");
mlContext.Model.Save(model, train.Schema, modelPath);
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length / 1024} KB)");
phases.End("save");

var freshContext = new MLContext();
var loaded = freshContext.Model.Load(modelPath, out var inputSchema);
var engine = freshContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(loaded);
VBuffer<ReadOnlyMemory<char>> keyValues = default;
loaded.GetOutputSchema(inputSchema)["PredictedLabel"].GetKeyValues(ref keyValues);
var labels = keyValues.DenseValues().Select(v => v.ToString()).ToArray();
phases.End("reload");

// 4. Predict image files.
foreach (var row in ImageFolder.Read(Path.Combine(dataFolder, "test")).Where((_, i) => i % 97 == 0).Take(6))
{
    var prediction = engine.Predict(new ImageInput { ImagePath = row.ImagePath });
    string predicted = labels[prediction.PredictedLabel - 1];
    Console.WriteLine($"  {Path.GetRelativePath(dataFolder, row.ImagePath),-24} → {predicted,-10} ({prediction.Score.Max():P0})  true: {row.Label}");
}
phases.End("predict");
Console.WriteLine(phases);
return 0;
