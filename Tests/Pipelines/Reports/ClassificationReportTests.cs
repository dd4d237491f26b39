using System.Text.Json;
using Microsoft.ML;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Pipelines.Reports;

[TestClass]
public sealed class ClassificationReportTests
{
    private static readonly string[] Classes = ["cat", "dog", "bird"];

    /// <summary>
    /// Worked by hand. cat: 4 images, 3 right (one taken for dog); dog: 2 images, none right (one taken for bird, one for
    /// cat); bird: no images. Top-2: the cat taken for dog and the dog taken for bird have their class second; the dog
    /// taken for cat has it last.
    /// </summary>
    private static readonly (string, float[])[] Rows =
    [
        ("cat", [0.7f, 0.2f, 0.1f]),
        ("cat", [0.6f, 0.3f, 0.1f]),
        ("cat", [0.5f, 0.4f, 0.1f]),
        ("cat", [0.2f, 0.7f, 0.1f]),
        ("dog", [0.1f, 0.3f, 0.6f]),
        ("dog", [0.8f, 0.05f, 0.15f]),
    ];

    private static ClassificationReport HandExample(int topK = 2)
    {
        var ml = new MLContext(1);
        return ClassificationReport.Evaluate(ml, ScoredRows.Load(ml, Classes, Rows), topK: topK);
    }

    [TestMethod]
    public void Evaluate_HandExample_ConfusionRowsAreTrueClasses()
    {
        var report = HandExample();

        CollectionAssert.AreEqual(Classes, report.ClassNames.ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 1, 0 }, report.Confusion[0].ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 0, 1 }, report.Confusion[1].ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 0, 0 }, report.Confusion[2].ToArray());
        CollectionAssert.AreEqual(new long[] { 4, 2, 0 }, report.ClassImageCounts.ToArray());
        Assert.AreEqual(6L, report.ImageCount);
    }

    [TestMethod]
    public void Evaluate_HandExample_MicroAndMacroAccuracyDiffer()
    {
        var report = HandExample();

        Assert.AreEqual(3.0 / 6, report.Accuracy, 1e-12);
        Assert.AreEqual((0.75 + 0.0) / 2, report.MacroAccuracy, 1e-12, "the mean over the two classes with images");
        CollectionAssert.AreEqual(new double?[] { 0.75, 0.0, null }, report.PerClassAccuracy.ToArray());
    }

    [TestMethod]
    public void Evaluate_HandExample_LogLossAndTopK()
    {
        var report = HandExample(topK: 2);

        double expected = -new[] { 0.7f, 0.6f, 0.5f, 0.2f, 0.3f, 0.05f }.Sum(p => Math.Log(p)) / 6;
        Assert.AreEqual(expected, report.LogLoss, 1e-6);
        Assert.AreEqual(2, report.TopK);
        Assert.AreEqual(5.0 / 6, report.TopKAccuracy!.Value, 1e-12);
    }

    [TestMethod]
    public void Evaluate_NoMoreClassesThanK_HasNoTopK()
    {
        var report = HandExample(topK: 3);

        Assert.IsNull(report.TopK);
        Assert.IsNull(report.TopKAccuracy);
    }

    [TestMethod]
    public void Evaluate_SixClassesByDefault_TopFive()
    {
        var ml = new MLContext(1);
        string[] classes = ["a", "b", "c", "d", "e", "f"];
        // The true class ranks 1st, 5th and 6th.
        var data = ScoredRows.Load(ml, classes,
            ("a", [0.5f, 0.2f, 0.1f, 0.1f, 0.05f, 0.05f]),
            ("e", [0.3f, 0.25f, 0.2f, 0.15f, 0.06f, 0.04f]),
            ("f", [0.3f, 0.25f, 0.2f, 0.15f, 0.06f, 0.04f]));

        var report = ClassificationReport.Evaluate(ml, data);

        Assert.AreEqual(ClassificationReport.DefaultTopK, report.TopK);
        Assert.AreEqual(2.0 / 3, report.TopKAccuracy!.Value, 1e-12);
        Assert.AreEqual(1.0 / 3, report.Accuracy, 1e-12);
    }

    [TestMethod]
    public void ToText_HandExample_OneLinePerClassTotalsAndAnAlignedMatrix()
    {
        string text = HandExample().ToText();
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        StringAssert.Contains(text, "Evaluated 6 images of 3 classes.");
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Accuracy of cat +:   75\.0 %  \(3 of 4\)"));
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Accuracy of dog +:    0\.0 %  \(0 of 2\)"));
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Accuracy of bird +: +– +\(no images\)"));
        StringAssert.Contains(text, "   50.0 %  (3 of 6)");
        StringAssert.Contains(text, "   37.5 %  (mean over 2 of 3 classes)");
        StringAssert.Contains(text, "Top-2 accuracy");
        int header = Array.FindIndex(lines, l => l.StartsWith("true \\ predicted", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, header, text);
        StringAssert.EndsWith(lines[header], "cat  dog  bird");
        string[] matrix = lines[header..(header + 4)];
        Assert.IsTrue(matrix.All(l => l.Length == matrix[0].Length), "columns line up:\n" + string.Join("\n", matrix));
        StringAssert.StartsWith(matrix[1], "cat");
        StringAssert.EndsWith(matrix[1], "3    1     0");
    }

    [TestMethod]
    public void ToText_MoreClassesThanTheLimit_LeavesOutTheMatrix()
    {
        string text = HandExample().ToText(confusionClassLimit: 2);

        StringAssert.Contains(text, "Confusion matrix: 3×3, more than 2 classes, not shown.");
        Assert.DoesNotContain("true \\ predicted", text);
    }

    [TestMethod]
    public void ToJson_WithTraining_HasTheMetricsJsonFields()
    {
        var history = new[]
        {
            new EpochMetrics(1, 2.0, 0.3, 0.1, Seconds: 10, ImagesPerSecond: 100),
            new EpochMetrics(2, 1.5, 0.5, 0.1, Seconds: 30, ImagesPerSecond: 200),
        };
        var info = new TrainedModelInfo("cifarnet", 3, 32, 32, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f], Classes, "cpu", "cpu",
            history, TrainingRows: 7000, SkippedRows: 0, TrainSeconds: 42.5, DataLoadSeconds: 1, ValidationRows: 0,
            BestEpoch: 2, StoppedEarly: false, ResumedAfterEpoch: 0);

        using var json = JsonDocument.Parse(HandExample().ToJson(info, "test"));
        JsonElement root = json.RootElement;

        Assert.AreEqual(0.5, root.GetProperty("accuracy").GetDouble(), 1e-12);
        Assert.AreEqual(0.375, root.GetProperty("macro_accuracy").GetDouble(), 1e-12);
        Assert.IsGreaterThan(0, root.GetProperty("log_loss").GetDouble());
        Assert.AreEqual(2, root.GetProperty("top_k").GetInt32());
        Assert.AreEqual(5.0 / 6, root.GetProperty("top_k_accuracy").GetDouble(), 1e-12);
        Assert.AreEqual(0.75, root.GetProperty("per_class_accuracy").GetProperty("cat").GetDouble());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("per_class_accuracy").GetProperty("bird").ValueKind);
        Assert.AreEqual(4, root.GetProperty("per_class_images").GetProperty("cat").GetInt32());
        Assert.AreEqual("[[3,1,0],[1,0,1],[0,0,0]]", Compact(root.GetProperty("confusion")));
        Assert.AreEqual(6, root.GetProperty("evaluated_images").GetInt32());
        Assert.AreEqual("test", root.GetProperty("evaluated_on").GetString());
        Assert.AreEqual(42.5, root.GetProperty("train_seconds").GetDouble());
        Assert.AreEqual(2, root.GetProperty("epochs_run").GetInt32());
        Assert.AreEqual(2, root.GetProperty("best_epoch").GetInt32());
        Assert.AreEqual("cpu", root.GetProperty("device").GetString());
        Assert.AreEqual((1000.0 + 6000.0) / 40, root.GetProperty("train_images_per_second").GetDouble(), 1e-9);
    }

    [TestMethod]
    public void ToJson_WithoutTraining_HasNoTrainingFields()
    {
        using var json = JsonDocument.Parse(HandExample().ToJson());

        Assert.IsFalse(json.RootElement.TryGetProperty("train_seconds", out _));
        Assert.IsFalse(json.RootElement.TryGetProperty("evaluated_on", out _));
    }

    [TestMethod]
    public void Evaluate_NoRows_SaysNothingToEvaluate()
    {
        var ml = new MLContext(1);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ClassificationReport.Evaluate(ml, ScoredRows.Load(ml, Classes)));
        StringAssert.Contains(error.Message, "Nothing to evaluate: no row has a label in 'Label' and finite scores in 'Score'.");
    }

    [TestMethod]
    public void Evaluate_TextLabel_SaysToMapToKeys()
    {
        var ml = new MLContext(1);
        var scored = ScoredRows.Load(ml, Classes, Rows);
        var text = ml.Transforms.Conversion.MapKeyToValue("Label").Fit(scored).Transform(scored);

        var error = Assert.ThrowsExactly<ArgumentException>(() => ClassificationReport.Evaluate(ml, text));
        StringAssert.Contains(error.Message, "Schema mismatch for label column 'Label': expected a key type");
        StringAssert.Contains(error.Message, "MapValueToKey");
    }

    [TestMethod]
    public void Evaluate_ScoreNotOnePerClass_SaysWhatIsExpected()
    {
        var ml = new MLContext(1);
        var twoScores = ScoredRows.Load(ml, ["cat", "dog"], ("cat", [0.6f, 0.4f]));
        var threeClasses = ml.Transforms.Conversion.MapKeyToValue("Label")
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyData: ScoredRows.KeyData(ml, Classes)))
            .Fit(twoScores).Transform(twoScores);

        var error = Assert.ThrowsExactly<ArgumentException>(() => ClassificationReport.Evaluate(ml, threeClasses));
        StringAssert.Contains(error.Message, "Schema mismatch for score column 'Score': expected Vector<Single> of 3 values (one per class of 'Label'), got Vector<Single, 2>");
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
