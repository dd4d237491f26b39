using MlNetCnn.Cli.Display;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Cli;

/// <summary>The plain progress lines of <c>train</c> when stderr is not a terminal.</summary>
[TestClass]
public sealed class TrainingDisplayTests
{
    [TestMethod]
    public void PlainDisplay_NotVerbose_OneLinePerEpoch()
    {
        var error = new StringWriter();

        Feed(new PlainDisplay(error, verbose: false), epochs: 2, steps: 20);

        CollectionAssert.AreEqual(new[]
        {
            "epoch 1/2  train loss 1.5000 accuracy 50.0%  lr 0.05  1,280 images/s  ETA 1:02:03  [cpu]",
            "epoch 2/2  train loss 1.5000 accuracy 50.0%  lr 0.05  1,280 images/s  ETA 1:02:03  [cpu]",
        }, Lines(error));
    }

    [TestMethod]
    public void PlainDisplay_Verbose_AddsALineEveryTenthOfAnEpoch()
    {
        var error = new StringWriter();

        Feed(new PlainDisplay(error, verbose: true), epochs: 1, steps: 20);

        string[] lines = Lines(error);
        Assert.AreEqual(10, lines.Length);
        Assert.AreEqual("epoch 1/1  step 2/20  loss 1.5000  accuracy 50.0%  lr 0.05  1,280 images/s  ETA 1:02:03", lines[0]);
        Assert.AreEqual("epoch 1/1  step 18/20  loss 1.5000  accuracy 50.0%  lr 0.05  1,280 images/s  ETA 1:02:03", lines[8]);
        StringAssert.StartsWith(lines[9], "epoch 1/1  train loss");
    }

    [TestMethod]
    [DataRow(391, new[] { 40, 79, 118, 157, 196, 235, 274, 313, 352, 391 })]
    [DataRow(4, new[] { 1, 2, 3, 4 })]
    public void EndsATenth_Steps_MarksTheFirstStepPastEachTenth(int steps, int[] expected)
    {
        CollectionAssert.AreEqual(expected, Enumerable.Range(1, steps).Where(s => ProgressLines.EndsATenth(s, steps)).ToArray());
    }

    [TestMethod]
    public void EpochEnd_WithValidationFigures_ShowsThemAfterTheTrainingFigures()
    {
        var last = Report(epoch: 3, epochs: 10, step: 5, steps: 5) with { LearningRate = 7.71e-5 };
        var scored = new EpochMetrics(3, 1.5, 0.5, 7.71e-5, 10, 1280, ValidationLoss: 1.25, ValidationAccuracy: 0.6125);

        Assert.AreEqual("epoch 3/10  train loss 1.5000 accuracy 50.0%  validation loss 1.2500 accuracy 61.3%  lr 7.71e-05  1,280 images/s  ETA 1:02:03  [cpu]",
            ProgressLines.EpochEnd(last, scored));
    }

    [TestMethod]
    public void Report_Epochs_RemembersTheLastCompletedOne()
    {
        var display = TrainingDisplay.For(TextWriter.Null, quiet: true, verbose: false, errorIsConsole: false);
        Assert.IsNull(display.CurrentEpoch);

        Feed(display, epochs: 1, steps: 3);
        display.Report(Report(epoch: 2, epochs: 3, step: 1, steps: 3));

        Assert.AreEqual(1, display.LastCompletedEpoch);
        Assert.AreEqual(2, display.CurrentEpoch);
    }

    /// <summary>Reports as the trainer does: one per step, then one with the finished epoch's figures.</summary>
    private static void Feed(TrainingDisplay display, int epochs, int steps)
    {
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int step = 1; step <= steps; step++)
                display.Report(Report(epoch, epochs, step, steps));
            display.Report(Report(epoch, epochs, steps, steps) with { Completed = new EpochMetrics(epoch, 1.5, 0.5, 0.05, 1, 1280.4) });
        }
    }

    [TestMethod]
    public void PlainDisplay_EpochWithValidation_PrintsTheValidationFiguresOnce()
    {
        var error = new StringWriter();
        var display = new PlainDisplay(error, verbose: false);

        display.Report(Report(1, 1, 2, 2));
        display.Report(Report(1, 1, 2, 2) with { Completed = new EpochMetrics(1, 1.5, 0.5, 0.05, 1, 1280.4, ValidationLoss: 1.25, ValidationAccuracy: 0.6125) });

        CollectionAssert.AreEqual(new[]
        {
            "epoch 1/1  train loss 1.5000 accuracy 50.0%  validation loss 1.2500 accuracy 61.3%  lr 0.05  1,280 images/s  ETA 1:02:03  [cpu]",
        }, Lines(error));
    }

    private static TrainingProgress Report(int epoch, int epochs, int step, int steps) =>
        new(epoch, epochs, step, steps, Loss: 1.5, Accuracy: 0.5, LearningRate: 0.05, ImagesPerSecond: 1280.4, Eta: new TimeSpan(1, 2, 3), Device: "cpu");

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
