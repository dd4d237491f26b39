using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Trainers;

[TestClass]
public sealed class ResNetTrainerPipelineTests
{
    private static readonly string[] Classes = { "red", "green", "blue" };

    [TestMethod]
    public void Fit_TensorColumn_EvaluatesSavesAndReloadsInNewContextWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var data = TensorRow.Load(ml, 96, Classes, seed: 2);
        var trainer = new ResNetTrainer(ml, new ResNetTrainer.Options { Epochs = 2, BatchSize = 32, LearningRate = 0.02 });
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer).Fit(data);
        var scored = model.Transform(data);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.IsGreaterThan(0.9, metrics.MicroAccuracy);
        Assert.AreEqual(scored.Schema["Label"].Type, scored.Schema["PredictedLabel"].Type);
        Assert.AreEqual("cpu", model.LastTransformer.TrainingDevice);
        CollectionAssert.AreEqual(Classes, model.LastTransformer.ClassNames.ToArray());
        Assert.HasCount(2, model.LastTransformer.History);

        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var fresh = new MLContext(seed: 5);
            var loaded = fresh.Model.Load(path, out _);
            var rescored = loaded.Transform(TensorRow.Load(fresh, 96, Classes, seed: 2));
            var before = scored.GetColumn<float[]>("Score").ToList();
            var after = rescored.GetColumn<float[]>("Score").ToList();
            for (int i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], after[i]);

            var withNames = fresh.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(rescored).Transform(rescored);
            CollectionAssert.AreEqual(Classes, withNames.GetColumn<string>("PredictedLabel").Take(3).ToArray());
            Assert.IsGreaterThan(0.9, fresh.MulticlassClassification.Evaluate(rescored).MicroAccuracy);

            var engine = fresh.Model.CreatePredictionEngine<TensorRow, KeyPrediction>(loaded);
            var sample = TensorRow.Make(3, Classes, seed: 9)[1];
            var prediction = engine.Predict(sample);
            Assert.AreEqual(2u, prediction.PredictedLabel); // key 2 = "green"
            Assert.AreEqual(1f, prediction.Score.Sum(), 1e-5f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class KeyPrediction
    {
        public float[] Score { get; set; } = Array.Empty<float>();

        public uint PredictedLabel { get; set; }
    }
}
