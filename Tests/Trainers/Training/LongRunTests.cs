using MlNetCnn.Models.Recipes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>
/// How a long run behaves through <c>Fit</c>: validation figures every epoch, the best epoch's weights returned, early
/// stopping, checkpoints that resume into the very run that never stopped, cancellation that keeps the checkpoint.
/// A small DenseNet on 3×8×8 rows of six classes keeps each run to a second or two on the CPU.
/// </summary>
[TestClass]
public sealed class LongRunTests
{
    private static readonly string[] Classes = { "a", "b", "c", "d", "e", "f" };

    public TestContext TestContext { get; set; } = null!;

    private string Folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-longrun-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static CnnTrainer.Options Options(Action<CnnTrainer.Options>? configure = null)
    {
        var options = new CnnTrainer.Options
        {
            Architecture = "densenet_cifar", Epochs = 3, BatchSize = 16, LearningRate = 0.05, Seed = 7,
            RandomCropPadding = 1, HorizontalFlip = true, ValidationFraction = 0.25,
        };
        configure?.Invoke(options);
        return options;
    }

    private static IDataView Keyed(MLContext ml, IDataView data) => ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);

    private static ImageClassificationTransformer Fit(CnnTrainer.Options options, int rows = 96)
    {
        var ml = new MLContext(1);
        return new CnnTrainer(ml, options).Fit(Keyed(ml, TensorRow.Load(ml, rows, Classes, seed: 3)));
    }

    /// <summary>Everything an epoch measured except its wall time.</summary>
    private static object[] Figures(EpochMetrics m) =>
        new object[] { m.Epoch, m.TrainLoss, m.TrainAccuracy, m.LearningRate, m.TrainTop5Accuracy!, m.ValidationLoss!, m.ValidationAccuracy!, m.ValidationTop5Accuracy! };

    [TestMethod]
    public void Fit_WithValidationFraction_ReportsValidationAndTop5EveryEpoch()
    {
        var model = Fit(Options());

        Assert.HasCount(3, model.History);
        Assert.AreEqual(24, model.Info.ValidationRows);
        Assert.AreEqual(72, model.Info.TrainingRows);
        foreach (var epoch in model.History)
        {
            Assert.IsNotNull(epoch.ValidationLoss);
            Assert.IsTrue(epoch.ValidationAccuracy is >= 0 and <= 1);
            Assert.IsTrue(epoch.ValidationTop5Accuracy >= epoch.ValidationAccuracy);
            Assert.IsTrue(epoch.TrainTop5Accuracy >= epoch.TrainAccuracy);
        }
    }

    [TestMethod]
    public void Fit_CancelledThenResumed_EqualsTheRunThatNeverStopped()
    {
        string folder = Folder();
        string uninterruptedCheckpoint = Path.Combine(folder, "whole.ckpt");
        string checkpoint = Path.Combine(folder, "run.ckpt");
        var whole = Fit(Options(o => o.CheckpointPath = uninterruptedCheckpoint));

        // The first session is cancelled at the first step of epoch 3, after the checkpoint of epoch 2.
        using var cancellation = new CancellationTokenSource();
        byte[]? checkpointWhenCancelled = null;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Epoch == 3 && p.Step == 1)
            {
                checkpointWhenCancelled = File.ReadAllBytes(checkpoint);
                cancellation.Cancel();
            }
        });
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            Fit(Options(o => { o.CheckpointPath = checkpoint; o.Progress = progress; o.CancellationToken = cancellation.Token; })));
        CollectionAssert.AreEqual(checkpointWhenCancelled, File.ReadAllBytes(checkpoint), "cancellation leaves the last checkpoint as it was");
        Assert.HasCount(0, Directory.GetFiles(folder, "*.tmp-*"), "no temporary file is left behind");

        var resumed = Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.CheckpointPath = checkpoint; }));

        Assert.AreEqual(2, resumed.Info.ResumedAfterEpoch);
        Assert.HasCount(3, resumed.History);
        for (int i = 0; i < 3; i++)
            CollectionAssert.AreEqual(Figures(whole.History[i]), Figures(resumed.History[i]), $"epoch {i + 1}");
        Assert.AreEqual(whole.Info.BestEpoch, resumed.Info.BestEpoch);
        CollectionAssert.AreEqual(whole.OnnxModel.ToArray(), resumed.OnnxModel.ToArray(), "the same weights, bit for bit");
    }

    [TestMethod]
    public void Fit_PausedAfterAnEpochThenResumed_EqualsTheRunThatNeverPaused()
    {
        // The cosine schedule of three epochs is kept through the pause: a run of one epoch would decay faster.
        string checkpoint = Path.Combine(Folder(), "paused.ckpt");
        var whole = Fit(Options());

        var paused = Fit(Options(o => { o.CheckpointPath = checkpoint; o.PauseAfterEpoch = 1; }));
        Assert.IsTrue(paused.Info.Paused);
        Assert.HasCount(1, paused.History);
        CollectionAssert.AreEqual(Figures(whole.History[0]), Figures(paused.History[0]));

        var resumed = Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.CheckpointPath = checkpoint; o.PauseAfterEpoch = 2; }));
        Assert.IsTrue(resumed.Info.Paused);
        var finished = Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.CheckpointPath = checkpoint; }));

        Assert.IsFalse(finished.Info.Paused);
        Assert.AreEqual(2, finished.Info.ResumedAfterEpoch);
        for (int i = 0; i < 3; i++)
            CollectionAssert.AreEqual(Figures(whole.History[i]), Figures(finished.History[i]), $"epoch {i + 1}");
        CollectionAssert.AreEqual(whole.OnnxModel.ToArray(), finished.OnnxModel.ToArray(), "the same weights, bit for bit");
    }

    [TestMethod]
    public void Options_PauseWithoutCheckpointOrPastTheEpochs_AreRefusedNamingTheOption()
    {
        var noCheckpoint = Assert.ThrowsExactly<ArgumentException>(() => new CnnTrainer(new MLContext(1), Options(o => o.PauseAfterEpoch = 1)));
        StringAssert.Contains(noCheckpoint.Message, "CheckpointPath");
        var tooLate = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new CnnTrainer(new MLContext(1), Options(o => { o.PauseAfterEpoch = 4; o.CheckpointPath = "x.ckpt"; })));
        Assert.AreEqual(nameof(CnnTrainer.Options.PauseAfterEpoch), tooLate.ParamName);
    }

    [TestMethod]
    public void Fit_AdamWWithDecayExemption_ResumesExactlyToo()
    {
        // Adam's moments and step counts, and two parameter groups, go through the checkpoint. A run of one epoch is
        // resumed into two; the constant rate makes that the same schedule as a run of two epochs from the start.
        void AdamW(CnnTrainer.Options o)
        {
            o.Optimizer = OptimizerKind.AdamW;
            o.LearningRate = 2e-3;
            o.WeightDecayExemptNormAndBias = true;
            o.LearningRateSchedule = LearningRateSchedule.Constant;
            o.Epochs = 2;
        }

        string checkpoint = Path.Combine(Folder(), "adamw.ckpt");
        var reference = Fit(Options(AdamW));
        Fit(Options(o => { AdamW(o); o.Epochs = 1; o.CheckpointPath = checkpoint; }));
        var resumed = Fit(Options(o => { AdamW(o); o.ResumeFromCheckpoint = checkpoint; }));

        Assert.AreEqual(1, resumed.Info.ResumedAfterEpoch);
        CollectionAssert.AreEqual(Figures(reference.History[1]), Figures(resumed.History[1]));
        CollectionAssert.AreEqual(reference.OnnxModel.ToArray(), resumed.OnnxModel.ToArray());
    }

    [TestMethod]
    public void Fit_DamagedCheckpoint_IsRefusedAndLeftAsItWas()
    {
        string checkpoint = Path.Combine(Folder(), "run.ckpt");
        Fit(Options(o => { o.Epochs = 1; o.CheckpointPath = checkpoint; }));
        byte[] bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(checkpoint, bytes);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.CheckpointPath = checkpoint; })));

        StringAssert.Contains(error.Message, $"Checkpoint '{checkpoint}' cannot be used");
        StringAssert.Contains(error.Message, "SHA-256");
        StringAssert.Contains(error.Message, "has not been changed");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(checkpoint));
    }

    [TestMethod]
    public void Fit_TruncatedCheckpoint_IsRefusedAsTruncated()
    {
        string checkpoint = Path.Combine(Folder(), "run.ckpt");
        Fit(Options(o => { o.Epochs = 1; o.CheckpointPath = checkpoint; }));
        using (var file = new FileStream(checkpoint, FileMode.Open)) file.SetLength(file.Length / 3);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => Fit(Options(o => o.ResumeFromCheckpoint = checkpoint)));

        StringAssert.Contains(error.Message, checkpoint);
        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex("truncated|does not match"));
    }

    [TestMethod]
    public void Fit_CheckpointOfAnotherRun_IsRefusedNamingWhatDiffers()
    {
        string checkpoint = Path.Combine(Folder(), "run.ckpt");
        Fit(Options(o => { o.Epochs = 1; o.CheckpointPath = checkpoint; }));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.BatchSize = 8; })));

        StringAssert.Contains(error.Message, "belongs to another run");
        StringAssert.Contains(error.Message, "batch size 16 in the checkpoint, 8 in this run");
    }

    [TestMethod]
    public void Fit_CheckpointThatFinishedTheRun_SaysToRaiseEpochs()
    {
        string checkpoint = Path.Combine(Folder(), "run.ckpt");
        Fit(Options(o => { o.Epochs = 1; o.CheckpointPath = checkpoint; }));

        var error = Assert.ThrowsExactly<ArgumentException>(() => Fit(Options(o => { o.ResumeFromCheckpoint = checkpoint; o.Epochs = 1; })));

        StringAssert.Contains(error.Message, "has finished 1 epochs; Epochs is 1");
    }

    [TestMethod]
    public void Fit_WithValidationData_ReturnsTheBestEpochsWeightsAndStopsEarly()
    {
        // Validation labels at random: its accuracy wanders, so the best epoch is not the last one.
        var ml = new MLContext(1);
        var trainRows = TensorRow.Make(96, Classes, seed: 3);
        var random = new Random(11);
        var validationRows = TensorRow.Make(60, Classes, seed: 4);
        foreach (var row in validationRows) row.Label = Classes[random.Next(Classes.Length)];
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(trainRows));
        var train = keys.Transform(ml.Data.LoadFromEnumerable(trainRows));
        var validation = keys.Transform(ml.Data.LoadFromEnumerable(validationRows));
        var options = Options(o =>
        {
            o.ValidationFraction = 0;
            o.Epochs = 12;
            o.LearningRate = 0.2;
            o.LearningRateSchedule = LearningRateSchedule.Constant;
            o.EarlyStoppingPatience = 2;
        });

        var model = new CnnTrainer(ml, options).Fit(train, validation);

        var accuracies = model.History.Select(e => e.ValidationAccuracy!.Value).ToList();
        int best = accuracies.IndexOf(accuracies.Max()) + 1;
        Assert.AreEqual(best, model.Info.BestEpoch);
        Assert.IsTrue(model.Info.StoppedEarly, $"validation accuracies {string.Join(", ", accuracies)}");
        Assert.HasCount(best + 2, model.History, "stops after two epochs without improvement");
        Assert.AreNotEqual(model.History.Count, best);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation));
        Assert.AreEqual(accuracies[best - 1], metrics.MicroAccuracy, 1e-9, "the returned model scores as the best epoch did");
        // Accuracies of two epochs may tie; their losses do not: the model's cross-entropy is the best epoch's, not the last one's.
        var scored = model.Transform(validation);
        var labels = scored.GetColumn<uint>("Label").ToList();
        double loss = scored.GetColumn<float[]>("Score").Select((p, i) => -Math.Log(p[labels[i] - 1])).Average();
        double bestLoss = model.History[best - 1].ValidationLoss!.Value, lastLoss = model.History[^1].ValidationLoss!.Value;
        Assert.AreEqual(bestLoss, loss, 1e-3 * bestLoss, "the returned model's cross-entropy is the best epoch's");
        Assert.IsGreaterThan(1e-3 * bestLoss, Math.Abs(lastLoss - loss), "and not the last epoch's");
    }

    [TestMethod]
    public void Fit_EarlyStoppingWithoutValidation_SaysWhatToSet()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Fit(Options(o => { o.ValidationFraction = 0; o.EarlyStoppingPatience = 3; })));

        StringAssert.Contains(error.Message, "EarlyStoppingPatience (3) needs validation data");
        StringAssert.Contains(error.Message, "ValidationFraction");
    }

    [TestMethod]
    public void Fit_ValidationDataWithOtherClasses_NamesBothClassLists()
    {
        var ml = new MLContext(1);
        var train = Keyed(ml, TensorRow.Load(ml, 24, Classes, 3));
        var validation = Keyed(ml, TensorRow.Load(ml, 12, new[] { "a", "b" }, 4));

        var error = Assert.ThrowsExactly<ArgumentException>(() => new CnnTrainer(ml, Options(o => o.ValidationFraction = 0)).Fit(train, validation));

        StringAssert.Contains(error.Message, "validation data's label column 'Label' has classes [a, b]");
    }

    /// <summary>Calls the handler on the reporting thread, so the test can cancel at an exact step.</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handler(value);
    }
}
