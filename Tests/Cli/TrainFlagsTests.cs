using MlNetCnn.Models.Recipes;
using System.CommandLine;
using System.Globalization;
using MlNetCnn.Cli;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Tests.Pipelines.Cli;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Cli;

/// <summary>Every flag of <c>train</c> that maps onto the trainer's options reaches them; bad values exit 2 naming the flag.</summary>
[TestClass]
public sealed class TrainFlagsTests
{
    private static readonly string[] Required = ["train", "--arch", "cifarnet", "--data", "mnist", "--out", "out-dir"];

    /// <summary>One row per flag: the arguments, the option they set and its expected value (invariant text).</summary>
    public static IEnumerable<object[]> FlagRows =>
    [
        [new[] { "--epochs", "7" }, nameof(CnnTrainer.Options.Epochs), "7"],
        [new[] { "--batch-size", "16" }, nameof(CnnTrainer.Options.BatchSize), "16"],
        [new[] { "--lr", "0.001" }, nameof(CnnTrainer.Options.LearningRate), "0.001"],
        [new[] { "--weights", typeof(TrainFlagsTests).Assembly.Location }, nameof(CnnTrainer.Options.InitialWeightsPath), typeof(TrainFlagsTests).Assembly.Location],
        [new[] { "--pretrained", "imagenet" }, nameof(CnnTrainer.Options.Pretrained), "imagenet"],
        [new[] { "--weights-cache", "weights-dir" }, nameof(CnnTrainer.Options.WeightsCacheFolder), "weights-dir"],
        [new[] { "--no-download" }, nameof(CnnTrainer.Options.AllowWeightsDownload), "False"],
        [new[] { "--freeze-backbone-epochs", "2" }, nameof(CnnTrainer.Options.FreezeBackboneEpochs), "2"],
        [new[] { "--backbone-lr-scale", "0.2" }, nameof(CnnTrainer.Options.BackboneLearningRateScale), "0.2"],
        [new[] { "--cache-features" }, nameof(CnnTrainer.Options.CacheBackboneFeatures), "True"],
        [new[] { "--cache-features", "false" }, nameof(CnnTrainer.Options.CacheBackboneFeatures), "False"],
        [new[] { "--freeze-batchnorm" }, nameof(CnnTrainer.Options.FreezeBatchNorm), "True"],
        [new[] { "--freeze-batchnorm", "false" }, nameof(CnnTrainer.Options.FreezeBatchNorm), "False"],
        [new[] { "--feature-cache-passes", "3" }, nameof(CnnTrainer.Options.FeatureCachePasses), "3"],
        [new[] { "--resized-crop-scale", "0.5" }, nameof(CnnTrainer.Options.RandomResizedCropScale), "0.5"],
        [new[] { "--device", "CPU" }, nameof(CnnTrainer.Options.Device), "Cpu"],
        [new[] { "--gpu", "1" }, nameof(CnnTrainer.Options.GpuDeviceId), "1"],
        [new[] { "--tf32" }, nameof(CnnTrainer.Options.AllowTf32), "True"],
        [new[] { "--seed", "42" }, nameof(CnnTrainer.Options.Seed), "42"],
        [new[] { "--optimizer", "adamw" }, nameof(CnnTrainer.Options.Optimizer), "AdamW"],
        [new[] { "--momentum", "0.8" }, nameof(CnnTrainer.Options.Momentum), "0.8"],
        [new[] { "--nesterov" }, nameof(CnnTrainer.Options.Nesterov), "True"],
        [new[] { "--nesterov", "false" }, nameof(CnnTrainer.Options.Nesterov), "False"],
        [new[] { "--weight-decay", "0.05" }, nameof(CnnTrainer.Options.WeightDecay), "0.05"],
        [new[] { "--no-decay-norm-bias" }, nameof(CnnTrainer.Options.WeightDecayExemptNormAndBias), "True"],
        [new[] { "--no-decay-norm-bias", "false" }, nameof(CnnTrainer.Options.WeightDecayExemptNormAndBias), "False"],
        [new[] { "--schedule", "onecycle" }, nameof(CnnTrainer.Options.LearningRateSchedule), "OneCycle"],
        [new[] { "--warmup-epochs", "0.5" }, nameof(CnnTrainer.Options.WarmupEpochs), "0.5"],
        [new[] { "--lr-decay", "0.2" }, nameof(CnnTrainer.Options.LearningRateDecay), "0.2"],
        [new[] { "--lr-step-epochs", "3" }, nameof(CnnTrainer.Options.LearningRateStepEpochs), "3"],
        [new[] { "--label-smoothing", "0.1" }, nameof(CnnTrainer.Options.LabelSmoothing), "0.1"],
        [new[] { "--clip-grad-norm", "2.5" }, nameof(CnnTrainer.Options.GradientClipNorm), "2.5"],
        [new[] { "--crop-padding", "4" }, nameof(CnnTrainer.Options.RandomCropPadding), "4"],
        [new[] { "--flip" }, nameof(CnnTrainer.Options.HorizontalFlip), "True"],
        [new[] { "--flip", "false" }, nameof(CnnTrainer.Options.HorizontalFlip), "False"],
        [new[] { "--flip", "True", "--epochs", "3" }, nameof(CnnTrainer.Options.HorizontalFlip), "True"],
        [new[] { "--random-erasing", "0.25" }, nameof(CnnTrainer.Options.RandomErasingProbability), "0.25"],
        [new[] { "--mixup", "0.2" }, nameof(CnnTrainer.Options.MixupAlpha), "0.2"],
        [new[] { "--tta-flip" }, nameof(CnnTrainer.Options.TestTimeFlipAveraging), "True"],
        [new[] { "--val-fraction", "0.1" }, nameof(CnnTrainer.Options.ValidationFraction), "0.1"],
        [new[] { "--monitor", "top5accuracy", "--val-fraction", "0.1" }, nameof(CnnTrainer.Options.MonitorMetric), "Top5Accuracy"],
        [new[] { "--patience", "3", "--val-fraction", "0.1" }, nameof(CnnTrainer.Options.EarlyStoppingPatience), "3"],
        [new[] { "--min-delta", "0.01", "--val-fraction", "0.1" }, nameof(CnnTrainer.Options.EarlyStoppingMinDelta), "0.01"],
        [new[] { "--last-epoch-weights" }, nameof(CnnTrainer.Options.RestoreBestWeights), "False"],
        [new[] { "--average-epochs", "3" }, nameof(CnnTrainer.Options.WeightAveragingEpochs), "3"],
        [new[] { "--checkpoint", "run.mlnc" }, nameof(CnnTrainer.Options.CheckpointPath), "run.mlnc"],
        [new[] { "--checkpoint-every", "2" }, nameof(CnnTrainer.Options.CheckpointEveryEpochs), "2"],
        [new[] { "--resume", typeof(TrainFlagsTests).Assembly.Location }, nameof(CnnTrainer.Options.ResumeFromCheckpoint), typeof(TrainFlagsTests).Assembly.Location],
        [new[] { "--pause-after-epoch", "2", "--checkpoint", "run.mlnc" }, nameof(CnnTrainer.Options.PauseAfterEpoch), "2"],
    ];

    [TestMethod]
    [DynamicData(nameof(FlagRows))]
    public void TrainerOptions_FlagGiven_SetsItsOption(string[] flag, string option, string expected)
    {
        CnnTrainer.Options options = Parse(flag);

        object? value = typeof(CnnTrainer.Options).GetProperty(option)!.GetValue(options);
        Assert.AreEqual(expected, Convert.ToString(value, CultureInfo.InvariantCulture));
        Assert.AreNotEqual(expected, Convert.ToString(typeof(CnnTrainer.Options).GetProperty(option)!.GetValue(new CnnTrainer.Options()), CultureInfo.InvariantCulture),
            "the row must set a value other than the default");
    }

    [TestMethod]
    public void FlagRows_CoverEveryTrainerFlag()
    {
        var tested = FlagRows.Select(row => ((string[])row[0])[0]).ToHashSet();

        CollectionAssert.AreEquivalent(new TrainerFlags().All.Select(o => o.Name).ToList(), tested.ToList());
    }

    /// <summary>
    /// The options of <see cref="CnnTrainer.Options"/> that no flag of <see cref="TrainerFlags"/> sets, each with the reason.
    /// A new option fails <see cref="EveryTrainerOption_HasAFlagOrIsListedWithoutOne"/> until it gets a flag (one line in
    /// TrainerFlags) or a line here.
    /// </summary>
    private static readonly Dictionary<string, string> WithoutTrainerFlag = new()
    {
        // Set by train from its other flags.
        [nameof(CnnTrainer.Options.Architecture)] = "--arch",
        [nameof(CnnTrainer.Options.ArchitectureSettings)] = "--set key=value",
        [nameof(CnnTrainer.Options.ImageShape)] = "--image-size and --in-channels, through the image column's type",
        // The columns of the tool's own pipeline: nothing the user names.
        [nameof(CnnTrainer.Options.LabelColumnName)] = "the label column the tool's loaders make",
        [nameof(CnnTrainer.Options.ImageColumnName)] = "the tensor column the tool's pipeline makes",
        [nameof(CnnTrainer.Options.ScoreColumnName)] = "evaluate and predict read the saved model's Score column",
        [nameof(CnnTrainer.Options.PredictedLabelColumnName)] = "evaluate and predict read the saved model's PredictedLabel column",
        // Normalisation: the tool always uses the training images' statistics, which the model then carries.
        [nameof(CnnTrainer.Options.Mean)] = "computed from the training images",
        [nameof(CnnTrainer.Options.Std)] = "computed from the training images",
        // Plumbing of the run itself.
        [nameof(CnnTrainer.Options.Progress)] = "the progress display on stderr (--quiet, --verbose)",
        [nameof(CnnTrainer.Options.CancellationToken)] = "Ctrl+C",
    };

    [TestMethod]
    public void EveryTrainerOption_HasAFlagOrIsListedWithoutOne()
    {
        var flags = new TrainerFlags();
        var settable = typeof(CnnTrainer.Options).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();

        foreach (string option in settable)
            Assert.IsTrue(flags.FlagOf(option) is not null ^ WithoutTrainerFlag.ContainsKey(option),
                $"{option}: give it a flag in TrainerFlags or, if it deliberately has none, a line in WithoutTrainerFlag (not both).");
        CollectionAssert.IsSubsetOf(WithoutTrainerFlag.Keys.ToList(), settable, "WithoutTrainerFlag names an option that does not exist");
    }

    [TestMethod]
    [DataRow("--epochs", nameof(CnnTrainer.Options.Epochs))]
    [DataRow("--device", nameof(CnnTrainer.Options.Device))]
    [DataRow("--lr-decay", nameof(CnnTrainer.Options.LearningRateDecay))]
    [DataRow("--monitor", nameof(CnnTrainer.Options.MonitorMetric))]
    public void Help_FlagOfAnOptionWithADefault_EndsWithTheOptionsDefault(string flag, string option)
    {
        object value = typeof(CnnTrainer.Options).GetProperty(option)!.GetValue(new CnnTrainer.Options())!;

        StringAssert.EndsWith(new TrainerFlags().All.Single(o => o.Name == flag).Description, $"Default {OptionChecks.AsFlagValue(value)}.");
    }

    [TestMethod]
    [DataRow("--batch-size")]
    [DataRow("--lr")]
    [DataRow("--optimizer")]
    [DataRow("--flip")]
    public void Help_FlagOfARecipeOption_SaysTheRecipeDecides(string flag)
    {
        StringAssert.EndsWith(new TrainerFlags().All.Single(o => o.Name == flag).Description, TrainerFlags.FromRecipe);
    }

    [TestMethod]
    public void Help_Train_SaysUnsetOptionsComeFromTheRecipeAndWhereToSeeIt()
    {
        var (code, output, _) = CliRun.Run(["train", "--help"]);

        Assert.AreEqual(CliApp.Success, code);
        StringAssert.Contains(output, "Options not given take the architecture's training recipe");
        StringAssert.Contains(output, "mlnetcnn list --recipes");
        StringAssert.Contains(output, "--optimizer <sgd|adam|adamw>");
    }

    [TestMethod]
    public void TrainerOptions_NoFlags_KeepsTheTrainersDefaults()
    {
        CnnTrainer.Options options = Parse([]), defaults = new();

        foreach (var property in typeof(CnnTrainer.Options).GetProperties().Where(p => p.Name is not (nameof(defaults.Architecture) or nameof(defaults.ArchitectureSettings))))
            Assert.AreEqual(Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture),
                Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture), property.Name);
    }

    [TestMethod]
    public void TrainerOptions_CheckpointEveryWithoutCheckpoint_CheckpointsIntoTheOutFolder()
    {
        CnnTrainer.Options options = Parse(["--checkpoint-every", "2"]);

        Assert.AreEqual(Path.Combine("out-dir", TrainOptions.CheckpointFileName), options.CheckpointPath);
    }

    [TestMethod]
    [DataRow(new[] { "--optimizer", "rmsprop" }, "--optimizer", "sgd, adam, adamw")]
    [DataRow(new[] { "--schedule", "linear" }, "--schedule", "constant, cosine, step, onecycle")]
    [DataRow(new[] { "--monitor", "f1", "--val-fraction", "0.1" }, "--monitor", "accuracy, loss, top5accuracy")]
    [DataRow(new[] { "--device", "tpu" }, "--device", "auto, cpu, cuda")]
    [DataRow(new[] { "--momentum", "1" }, "--momentum", "Momentum must be in [0, 1); got 1.")]
    [DataRow(new[] { "--epochs", "0" }, "--epochs", "at least 1; got 0")]
    [DataRow(new[] { "--batch-size", "0" }, "--batch-size", "at least 1; got 0")]
    [DataRow(new[] { "--lr", "-0.1" }, "--lr", "positive")]
    [DataRow(new[] { "--lr", "fast" }, "--lr", "expected a number, got 'fast'")]
    [DataRow(new[] { "--flip", "--freeze-backbone-epochs", "1" }, "--freeze-backbone-epochs", "InitialWeightsPath is not set")]
    [DataRow(new[] { "--gpu", "-1" }, "--gpu", "0 or more")]
    [DataRow(new[] { "--weight-decay", "-1" }, "--weight-decay", "0 or more")]
    [DataRow(new[] { "--warmup-epochs", "x" }, "--warmup-epochs", "'x'")]
    [DataRow(new[] { "--lr-decay", "0" }, "--lr-decay", "(0, 1]")]
    [DataRow(new[] { "--lr-step-epochs", "0" }, "--lr-step-epochs", "at least 1")]
    [DataRow(new[] { "--label-smoothing", "1" }, "--label-smoothing", "[0, 1)")]
    [DataRow(new[] { "--clip-grad-norm", "0" }, "--clip-grad-norm", "positive")]
    [DataRow(new[] { "--crop-padding", "-4" }, "--crop-padding", "0 or more")]
    [DataRow(new[] { "--random-erasing", "1.5" }, "--random-erasing", "between 0 and 1")]
    [DataRow(new[] { "--backbone-lr-scale", "0" }, "--backbone-lr-scale", "(0, 1]")]
    [DataRow(new[] { "--resized-crop-scale", "1.5" }, "--resized-crop-scale", "(0, 1]")]
    [DataRow(new[] { "--feature-cache-passes", "0" }, "--feature-cache-passes", "at least 1")]
    [DataRow(new[] { "--pretrained", "no-such-weights" }, "--pretrained", "got 'no-such-weights'")]
    [DataRow(new[] { "--val-fraction", "0.5" }, "--val-fraction", "[0, 0.5)")]
    [DataRow(new[] { "--patience", "0", "--val-fraction", "0.1" }, "--patience", "at least 1")]
    [DataRow(new[] { "--min-delta", "-0.1", "--val-fraction", "0.1" }, "--min-delta", "0 or more")]
    [DataRow(new[] { "--checkpoint-every", "0" }, "--checkpoint-every", "at least 1")]
    [DataRow(new[] { "--checkpoint", "." }, "--checkpoint", "is a folder")]
    [DataRow(new[] { "--resume", "no-such-checkpoint.mlnc" }, "--resume", "file 'no-such-checkpoint.mlnc' does not exist")]
    [DataRow(new[] { "--patience", "3" }, "--patience", "needs validation data; give --val-fraction F")]
    [DataRow(new[] { "--monitor", "loss" }, "--monitor", "needs validation data")]
    [DataRow(new[] { "--min-delta", "0.1" }, "--min-delta", "needs validation data")]
    public void Run_BadTrainerFlag_Exits2NamingTheFlagAndTheAcceptedValues(string[] flag, string name, string accepted)
    {
        var (code, _, error) = CliRun.Run([.. Required, .. flag]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, $"{name}: ");
        StringAssert.Contains(error, accepted);
    }

    [TestMethod]
    public void Run_ValFractionWithValDir_Exits2()
    {
        var (code, _, error) = CliRun.Run(["train", "--arch", "cifarnet", "--data", "folder", "--data-dir", ".", "--val-dir", ".", "--val-fraction", "0.1", "--out", "out-dir"]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.StartsWith(error, "--val-fraction: not with --val-dir, which is the validation set already.");
    }

    [TestMethod]
    [DataRow(new[] { "--warmup-epochs", "3", "--epochs", "2" }, "--warmup-epochs: WarmupEpochs must be between 0 and Epochs (2); got 3.")]
    [DataRow(new[] { "--nesterov", "--optimizer", "adam" }, "--nesterov: Nesterov needs Optimizer = Sgd and Momentum above 0")]
    public void Run_FlagsThatDoNotFitTogether_Exit2NamingTheFlagBeforeLoadingData(string[] flags, string message)
    {
        var (code, _, error) = CliRun.Run([.. Required, .. flags]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.StartsWith(error, message);
    }

    [TestMethod]
    [DataRow(new string[0], MlNetCnn.Transforms.ImageResizeMode.Stretch)]
    [DataRow(new[] { "--resize", "centercrop" }, MlNetCnn.Transforms.ImageResizeMode.CenterCrop)]
    public void Resize_GivenOrNot_IsCenterCropOnlyWhenAsked(string[] flags, MlNetCnn.Transforms.ImageResizeMode expected)
    {
        var train = new TrainOptions();
        var command = new Command("train");
        train.AddTo(command);

        ParseResult parsed = command.Parse([.. Required[1..], .. flags]);

        Assert.AreEqual(0, parsed.Errors.Count);
        Assert.AreEqual(expected, parsed.GetValue(train.Resize) ?? MlNetCnn.Transforms.ImageResizeMode.Stretch);
    }

    [TestMethod]
    public void Resize_UnknownMode_IsAParseErrorNamingTheFlag()
    {
        var train = new TrainOptions();
        var command = new Command("train");
        train.AddTo(command);

        ParseResult parsed = command.Parse([.. Required[1..], "--resize", "squash"]);

        Assert.IsTrue(parsed.Errors.Any(e => e.Message.Contains("--resize")), string.Join(Environment.NewLine, parsed.Errors.Select(e => e.Message)));
    }

    private static CnnTrainer.Options Parse(string[] flags)
    {
        var train = new TrainOptions();
        var command = new Command("train");
        train.AddTo(command);
        ParseResult parsed = command.Parse([.. Required[1..], .. flags]);
        Assert.AreEqual(0, parsed.Errors.Count, string.Join(Environment.NewLine, parsed.Errors.Select(e => e.Message)));
        return train.TrainerOptions(parsed, progress: null, CancellationToken.None);
    }
}
