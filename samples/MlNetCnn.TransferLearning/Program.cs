using Microsoft.ML;
using MlNetCnn.Cli.Display;
using MlNetCnn.QuickStart;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

// MlNetCnn transfer learning: fine-tune a network pretrained on ImageNet — the one of ML.NET's own image featurizer package,
// available offline — on a small folder of real photos (five flower classes shipped in the repository), then evaluate it on
// held-out photos and print the accuracy and the time of each phase.
// Usage: dotnet run --project samples/MlNetCnn.TransferLearning -c Release -- [data folder with train/ and val/] [epochs] [image size]
string dataFolder = args.Length > 0 ? args[0] : ImageFolder.FindShipped("samples/data/flowers-small");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 4;
// 224: the size the ImageNet weights were trained at (on the 800 flower photos, head only: 84.0 % at 224 against 81.0 % at 160).
int imageSize = args.Length > 2 ? int.Parse(args[2]) : 224;
var phases = new PhaseClock();

var mlContext = new MLContext(seed: 1);
var train = mlContext.Data.LoadFromEnumerable(ImageFolder.Read(Path.Combine(dataFolder, "train")));
var validation = mlContext.Data.LoadFromEnumerable(ImageFolder.Read(Path.Combine(dataFolder, "val")));

// The pretrained weights bring their own recipe: the head trains first on features computed once per photo, then the whole
// network at a lower rate for the backbone, with ImageNet-style augmentation; their normalisation goes into the model.
var display = TrainingDisplay.For(Console.Error, quiet: false, verbose: false, errorIsConsole: true);
var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    .Append(mlContext.Transforms.LoadImagesAsTensors("Features", "ImagePath", imageSize, imageSize, resizeMode: ImageResizeMode.CenterCrop))
    .Append(mlContext.MulticlassClassification.Trainers.Cnn(new CnnTrainer.Options
    {
        Architecture = "resnet18_cntk",
        Pretrained = "imagenet",
        Epochs = epochs,
        Progress = display,
    }));
phases.End("load");

Console.WriteLine($"Fine-tuning the ImageNet ResNet-18 on {ImageFolder.Count(train)} photos ({imageSize}x{imageSize}) from {dataFolder} ...");
var model = display.Run(() => pipeline.Fit(train));
var info = model.LastTransformer.Info;
Console.WriteLine($"Recipe: {info.Recipe}");
double featurePass = info.History.Sum(e => e.FeatureSeconds ?? 0);
Console.WriteLine($"Feature pass (the frozen backbone over every photo, once) {featurePass:F1} s; epochs after it " +
                  $"{info.History.Sum(e => e.Seconds + (e.ValidationSeconds ?? 0)) - featurePass:F1} s.");
phases.End("train");

var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(validation));
Console.WriteLine($"Validation accuracy {metrics.MicroAccuracy:P1} (macro {metrics.MacroAccuracy:P1}, log-loss {metrics.LogLoss:F3}) on {ImageFolder.Count(validation)} photos");
var classNames = model.LastTransformer.ClassNames;
for (int c = 0; c < classNames.Count; c++)
    Console.WriteLine($"  Accuracy of {classNames[c],-10}: {metrics.ConfusionMatrix.Counts[c][c] / Math.Max(1, metrics.ConfusionMatrix.Counts[c].Sum()),6:P0}");
phases.End("evaluate");
Console.WriteLine(phases);
return 0;
