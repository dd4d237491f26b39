using System.Text.Json;
using MlNetCnn.Cli;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.Cli;

/// <summary>What train and evaluate write and print: the files the README's "The command line" lists and the report table.</summary>
[TestClass]
public sealed class CliReportFilesTests
{
    private static readonly string[] MetricsFields =
        ["accuracy", "macro_accuracy", "log_loss", "per_class_accuracy", "confusion", "top_k", "top_k_accuracy", "evaluated_images"];

    private static readonly string[] TrainingFields = ["train_seconds", "epochs_run", "best_epoch", "device", "train_images_per_second"];

    [TestMethod]
    public void Run_TrainThenEvaluate_WriteTheReportFilesAndPrintTheTable()
    {
        using var files = new DataSetTestFiles();
        string subset = DataSetTestFiles.ShippedSubset, run = Path.Combine(files.Root, "run"), test = Path.Combine(files.Root, "test");

        var (code, output, error) = CliRun.Run(["train", "--arch", "cifarnet", "--data", "folder", "--data-dir", Path.Combine(subset, "train"),
            "--val-dir", Path.Combine(subset, "test"), "--limit", "40", "--epochs", "2", "--out", run]);

        Assert.AreEqual(CliApp.Success, code, error);
        foreach (string name in new[] { "model.zip", "model.onnx", "metrics.json", "history.csv", "history.json", "curves.png", "confusion.png" })
            Assert.IsTrue(File.Exists(Path.Combine(run, name)), name);
        Assert.IsFalse(Directory.GetFiles(run, "*.tmp-*").Any(), "no temporary file left");
        string[] history = File.ReadAllLines(Path.Combine(run, "history.csv"));
        Assert.AreEqual(string.Join(',', TrainingHistory.FieldNames), history[0]);
        Assert.HasCount(3, history);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "history.json"))))
            Assert.AreEqual(2, json.RootElement.GetArrayLength());
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))))
        {
            foreach (string field in MetricsFields.Concat(TrainingFields))
                Assert.IsTrue(metrics.RootElement.TryGetProperty(field, out _), field);
            Assert.AreEqual(2, metrics.RootElement.GetProperty("epochs_run").GetInt32());
            Assert.AreEqual(500, metrics.RootElement.GetProperty("evaluated_images").GetInt32());
        }
        StringAssert.Contains(output, "Evaluated 500 images of 10 classes.");
        StringAssert.Contains(output, "Accuracy of automobile");
        StringAssert.Contains(output, "Top-5 accuracy");
        StringAssert.Contains(output, "true \\ predicted");

        (code, output, error) = CliRun.Run(["evaluate", "--model", Path.Combine(run, "model.zip"), "--data", "folder",
            "--data-dir", Path.Combine(subset, "test"), "--limit", "100", "--out", test]);

        Assert.AreEqual(CliApp.Success, code, error);
        Assert.IsTrue(File.Exists(Path.Combine(test, "confusion.png")));
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(test, "metrics.json"))))
        {
            foreach (string field in MetricsFields)
                Assert.IsTrue(metrics.RootElement.TryGetProperty(field, out _), field);
            Assert.IsFalse(metrics.RootElement.TryGetProperty("train_seconds", out _), "a loaded model has no training figures");
            Assert.AreEqual(100, metrics.RootElement.GetProperty("evaluated_images").GetInt32());
        }
        StringAssert.Contains(output, "Evaluated 100 images of 10 classes.");
    }

    [TestMethod]
    public void Run_TrainDiverges_FailsNamingTheStepAndKeepsTheHistory()
    {
        using var files = new DataSetTestFiles();
        string run = Path.Combine(files.Root, "run");

        var (code, _, error) = CliRun.Run(["train", "--arch", "cifarnet", "--data", "folder", "--data-dir", Path.Combine(DataSetTestFiles.ShippedSubset, "train"),
            "--limit", "40", "--epochs", "2", "--batch-size", "8", "--lr", "1e30", "--schedule", "constant", "--out", run]);

        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, "Training diverged at epoch 1, step");
        StringAssert.Contains(error, "lower learning rate");
        string[] history = File.ReadAllLines(Path.Combine(run, "history.csv"));
        Assert.HasCount(2, history, "the header and the diverged epoch");
        Assert.IsFalse(File.Exists(Path.Combine(run, "model.zip")), "no model from a diverged run");
    }
}
