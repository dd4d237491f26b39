using System.Globalization;
using System.Text.Json;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Pipelines.Reports;

[TestClass]
public sealed class TrainingHistoryTests
{
    private const string Header =
        "epoch,train_loss,train_accuracy,train_top5_accuracy,validation_loss,validation_accuracy,validation_top5_accuracy,learning_rate,seconds,images_per_second,feature_seconds,validation_seconds";

    private static readonly EpochMetrics[] TrainingOnly =
    [
        new(1, 2.25, 0.125, 0.1, 3.5, 1000),
        new(2, 1.5, 0.375, 0.05, 3.25, 1100.5),
    ];

    private static readonly EpochMetrics[] WithValidation =
    [
        new(1, 2.25, 0.125, 0.1, 3.5, 1000, TrainTop5Accuracy: 0.5, ValidationLoss: 2.0, ValidationAccuracy: 0.25, ValidationTop5Accuracy: 0.75,
            FeatureSeconds: 1.25, ValidationSeconds: 0.5),
    ];

    [TestMethod]
    public void ToCsv_TrainingOnly_LeavesValidationCellsEmpty()
    {
        string csv = TrainingHistory.ToCsv(TrainingOnly);

        Assert.AreEqual(Header + "\n" + "1,2.25,0.125,,,,,0.1,3.5,1000,,\n" + "2,1.5,0.375,,,,,0.05,3.25,1100.5,,\n", csv);
    }

    [TestMethod]
    public void ToCsv_WithValidation_FillsEveryCell()
    {
        string csv = TrainingHistory.ToCsv(WithValidation);

        Assert.AreEqual(Header + "\n" + "1,2.25,0.125,0.5,2,0.25,0.75,0.1,3.5,1000,1.25,0.5\n", csv);
    }

    [TestMethod]
    public void ToCsv_CommaDecimalCulture_StillWritesPoints()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            StringAssert.Contains(TrainingHistory.ToCsv(TrainingOnly), "1,2.25,0.125,");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [TestMethod]
    public void ToJson_TrainingOnly_LeavesOutValidationFields()
    {
        using var json = JsonDocument.Parse(TrainingHistory.ToJson(TrainingOnly));
        JsonElement[] epochs = json.RootElement.EnumerateArray().ToArray();

        Assert.HasCount(2, epochs);
        CollectionAssert.AreEqual(
            new[] { "epoch", "train_loss", "train_accuracy", "learning_rate", "seconds", "images_per_second" },
            epochs[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(2, epochs[1].GetProperty("epoch").GetInt32());
        Assert.AreEqual(1100.5, epochs[1].GetProperty("images_per_second").GetDouble());
    }

    [TestMethod]
    public void ToJson_WithValidation_HasEveryField()
    {
        using var json = JsonDocument.Parse(TrainingHistory.ToJson(WithValidation));
        JsonElement epoch = json.RootElement[0];

        CollectionAssert.AreEqual(TrainingHistory.FieldNames.ToArray(), epoch.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(0.25, epoch.GetProperty("validation_accuracy").GetDouble());
        Assert.AreEqual(0.75, epoch.GetProperty("validation_top5_accuracy").GetDouble());
    }

    [TestMethod]
    public void ToJson_LossNotANumber_WritesNull()
    {
        using var json = JsonDocument.Parse(TrainingHistory.ToJson([new EpochMetrics(1, double.NaN, 0.1, 0.1, 1, 1)]));

        Assert.AreEqual(JsonValueKind.Null, json.RootElement[0].GetProperty("train_loss").ValueKind);
    }

    [TestMethod]
    public void SaveCsvAndJson_OverAnOldFile_ReplaceItAndLeaveNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetcnn-history-").FullName;
        try
        {
            string csv = Path.Combine(folder, "history.csv"), json = Path.Combine(folder, "history.json");
            File.WriteAllText(csv, "old");

            TrainingHistory.SaveCsv(csv, TrainingOnly);
            TrainingHistory.SaveJson(json, WithValidation);

            Assert.AreEqual(TrainingHistory.ToCsv(TrainingOnly), File.ReadAllText(csv));
            Assert.AreEqual(TrainingHistory.ToJson(WithValidation), File.ReadAllText(json));
            CollectionAssert.AreEquivalent(new[] { "history.csv", "history.json" }, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
