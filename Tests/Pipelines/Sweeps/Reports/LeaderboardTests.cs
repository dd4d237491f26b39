using System.Text.Json;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Reports;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Reports;

[TestClass]
public sealed class LeaderboardTests
{
    private static readonly string[] CsvNames =
    [
        "rank", "trial", "state", "architecture", "settings", "options", "epochs", "accuracy", "accuracy_low", "accuracy_high",
        "macro_accuracy", "macro_accuracy_low", "macro_accuracy_high", "log_loss", "top5_accuracy", "parameters", "multiply_adds",
        "onnx_bytes", "train_seconds", "images_per_second", "peak_memory_mb", "latency_ms", "device", "test_accuracy",
        "test_macro_accuracy", "error",
    ];

    private static TrialRecord Trial(int id, TrialState state, double? accuracy = null, int epochs = 9, bool cost = false) => new()
    {
        Id = id,
        Config = SweepSamples.Config(),
        State = state,
        Rungs = accuracy is { } a ? [SweepSamples.Metrics(epochs, a)] : [],
        EpochsRun = epochs,
        Cost = cost ? SweepSamples.Cost() : null,
        Error = state is TrialState.Failed or TrialState.Diverged ? "boom, \"badly\"\nstack" : null,
    };

    private static IReadOnlyList<TrialRecord> Mixed() =>
    [
        Trial(1, TrialState.Failed, epochs: 0),
        Trial(2, TrialState.Completed, 0.80, cost: true),
        Trial(3, TrialState.Pruned, 0.70, epochs: 3),
        Trial(4, TrialState.Completed, 0.90, cost: true),
        Trial(5, TrialState.Paused, 0.60, epochs: 9),
        Trial(6, TrialState.Running, epochs: 0),
        Trial(7, TrialState.Stopped, 0.75, epochs: 3),
        Trial(8, TrialState.Diverged, 0.10, epochs: 1),
    ];

    [TestMethod]
    public void Build_MixedStates_RanksCompletedThenOnTheWayThenFailed()
    {
        var board = Leaderboard.Build(Mixed(), SweepMetric.Accuracy);
        CollectionAssert.AreEqual(new[] { 4, 2, 5, 7, 3, 6, 1, 8 }, board.Rows.Select(r => r.Trial.Id).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(1, 8).ToArray(), board.Rows.Select(r => r.Rank).ToArray());
    }

    [TestMethod]
    public void Build_ByLoss_RanksLowerLossFirst()
    {
        TrialRecord WithLoss(int id, double loss) => Trial(id, TrialState.Completed) with { Rungs = [SweepSamples.Metrics(9, 0.5, logLoss: loss)] };
        var board = Leaderboard.Build([WithLoss(1, 0.9), WithLoss(2, 0.3), WithLoss(3, double.NaN)], SweepMetric.Loss);
        CollectionAssert.AreEqual(new[] { 2, 1, 3 }, board.Rows.Select(r => r.Trial.Id).ToArray());
    }

    [TestMethod]
    public void Save_WritesCsvMarkdownAndJsonWithEveryColumn()
    {
        string root = SweepSamples.TempFolder();
        var folder = new SweepFolder(root);
        try
        {
            Leaderboard.Build(Mixed(), SweepMetric.Accuracy).Save(folder);

            string csv = File.ReadAllText(folder.LeaderboardCsv);
            string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(string.Join(",", CsvNames), lines[0]);
            Assert.HasCount(9, lines);
            StringAssert.StartsWith(lines[1], "1,4,completed,resnet9,width=16,LearningRate=0.1,9,0.9,0.88,");
            StringAssert.EndsWith(lines[^1], ",\"boom, \"\"badly\"\"\"");

            using var json = JsonDocument.Parse(File.ReadAllText(folder.LeaderboardJson));
            var first = json.RootElement[0];
            CollectionAssert.AreEqual(CsvNames, first.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual("16", first.GetProperty("settings").GetProperty("width").GetString());
            Assert.AreEqual(1_000_000, first.GetProperty("parameters").GetInt64());
            Assert.AreEqual(JsonValueKind.Null, first.GetProperty("top5_accuracy").ValueKind);

            string markdown = File.ReadAllText(folder.LeaderboardMarkdown);
            StringAssert.Contains(markdown, "8 trials, ranked by validation accuracy.");
            StringAssert.Contains(markdown, " accuracy % [95 %] |");
            StringAssert.Contains(markdown, "| --: |");
            StringAssert.Contains(markdown, "90.00 [88.0, 92.0]");
            StringAssert.Contains(markdown, "1 M");
            Assert.AreEqual(4 + 8, markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, "heading, title, column headings, rule, 8 rows");
            Assert.IsEmpty(Directory.GetFiles(root, "*.tmp-*"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public void ToText_LeavesOutBlankColumnsAndCutsLongCells()
    {
        var trials = Mixed().Select(t => t with { Config = new TrialConfig("resnet9", null, new Dictionary<string, string> { ["LearningRate"] = new string('9', 60) }) }).ToArray();
        string text = Leaderboard.Build(trials, SweepMetric.Accuracy).ToText(cellWidth: 20);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("8 trials, ranked by validation accuracy.", lines[0]);
        StringAssert.Contains(lines[1], "accuracy % [95 %]");
        Assert.IsFalse(lines[1].Contains("top-5"), "top-5 is blank for every trial");
        Assert.IsFalse(lines[1].Contains("settings"), "no trial has settings");
        StringAssert.Contains(text, "LearningRate=999999…");
    }
}
