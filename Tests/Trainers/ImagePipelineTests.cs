using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Trainers;

/// <summary>The whole path on real CIFAR-10 images shipped in the repository: image files in, image files predicted after a reload.</summary>
[TestClass]
public sealed class ImagePipelineTests
{
    [TestMethod]
    public void Fit_ImageFiles_SavedModelPredictsImageFilesInFreshContextWithSameScores()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(ShippedImages.Train(perClass: 4));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", 32, 32))
            .Append(ml.MulticlassClassification.Trainers.ResNet(new ResNetTrainer.Options { Architecture = "resnet18", Epochs = 1, BatchSize = 20 }));
        var model = pipeline.Fit(train);
        var test = ShippedImages.Test(perClass: 1);
        var expected = model.Transform(ml.Data.LoadFromEnumerable(test)).GetColumn<float[]>("Score").ToList();

        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, train.Schema, path);
            var fresh = new MLContext();
            var loaded = fresh.Model.Load(path, out _);
            var engine = fresh.Model.CreatePredictionEngine<ImageFile, Prediction>(loaded);
            for (int i = 0; i < test.Count; i++)
            {
                var prediction = engine.Predict(new ImageFile { ImagePath = test[i].ImagePath });
                CollectionAssert.AreEqual(expected[i], prediction.Score, $"scores of {test[i].ImagePath}");
                Assert.IsTrue(prediction.PredictedLabel is >= 1 and <= 10);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Catalog_Trainer_LogsDeviceAndEpochsToTheUsersContext()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Source.StartsWith("MlNetCnn", StringComparison.Ordinal)) lock (messages) messages.Add(e.Message); };
        var data = ml.Data.LoadFromEnumerable(TensorRow.Make(16, new[] { "a", "b" }, 4));
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.ResNet(epochs: 1))
            .Fit(data);
        Assert.IsTrue(messages.Any(m => m.Contains("Training resnet18_cifar on cpu") && m.Contains("scoring on cpu")), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("Epoch 1/1 on cpu")), string.Join("\n", messages));
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = Array.Empty<float>();

        public uint PredictedLabel { get; set; }
    }
}
