using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Trainers;

/// <summary>A saved model reloads in another process (the mlnetcnn tool) and gives the same predictions.</summary>
[TestClass]
public sealed class CrossProcessTests
{
    [TestMethod]
    public void SavedModel_PredictedInAnotherProcess_SameLabelsAndProbabilities()
    {
        string subset = ShippedImages.Folder;
        var train = Directory.GetDirectories(Path.Combine(subset, "train")).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.png").Order(StringComparer.Ordinal).Take(3)
                .Select(p => new Row { Image = File.ReadAllBytes(p), Label = Path.GetFileName(d) }))
            .ToList();
        string[] images = Directory.GetDirectories(Path.Combine(subset, "test")).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.png").Order(StringComparer.Ordinal).First()).Take(4).ToArray();

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(train);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImagesAsTensors("Features", "Image", 32, 32))
            .Append(new CnnTrainer(ml, new CnnTrainer.Options { Architecture = "cifarnet", Epochs = 2, BatchSize = 10 }))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        var classes = model.LastTransformer.ClassNames;

        string folder = Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string zip = Path.Combine(folder, "model.zip");
            ml.Model.Save(model, data.Schema, zip);
            string[] lines = RunTool("predict", "--model", zip, images[0], images[1], images[2], images[3]);
            Assert.HasCount(images.Length, lines);
            for (int i = 0; i < images.Length; i++)
            {
                var expected = engine.Predict(new Row { Image = File.ReadAllBytes(images[i]) });
                string[] fields = lines[i].Split('\t');
                Assert.AreEqual(images[i], fields[0]);
                Assert.AreEqual(classes[(int)expected.PredictedLabel - 1], fields[1], $"label of {images[i]}");
                Assert.AreEqual(expected.Score.Max(), double.Parse(fields[2], CultureInfo.InvariantCulture), 5.1e-5, $"probability of {images[i]}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] RunTool(params string[] arguments) =>
        ToolProcess.Run(TimeSpan.FromMinutes(2), arguments).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private sealed class Row
    {
        public byte[] Image { get; set; } = Array.Empty<byte>();

        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = Array.Empty<float>();

        public uint PredictedLabel { get; set; }
    }
}
