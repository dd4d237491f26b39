using System.CommandLine;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training;
using static System.FormattableString;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// The flags of <c>train</c> that map straight onto <see cref="CnnTrainer.Options"/>, one line each (see
/// <see cref="FlagBindings{TTarget}"/>). A flag that is not given leaves the trainer's default, which its help shows.
/// </summary>
internal sealed class TrainerFlags
{
    private static readonly CnnTrainer.Options Defaults = new();

    private readonly FlagBindings<CnnTrainer.Options> _flags = new();

    public TrainerFlags()
    {
        // The run.
        _flags.Bind(Flag<int?>("--epochs", "N", Invariant($"Training epochs. Default {Defaults.Epochs}.")).AtLeast(1), o => o.Epochs);
        _flags.Bind(Flag<int?>("--batch-size", "B", Invariant($"Images per step. Default {Defaults.BatchSize}.")).AtLeast(1), o => o.BatchSize);
        _flags.Bind(Flag<double?>("--lr", "X",
                Invariant($"Learning rate: the start of cosine and step, the peak of onecycle. Default {Defaults.LearningRate} ") +
                "(for sgd; adam and adamw usually want about 1e-3).")
            .Positive(), o => o.LearningRate);
        _flags.Bind(Flag<string?>("--weights", "W",
                "Initial weights (.safetensors state dict with PyTorch/torchvision key names); " +
                "the classifier head starts afresh when the class count differs.")
            .ExistingFile(), o => o.InitialWeightsPath);
        _flags.Bind(Flag<TrainingDevice?>("--device", null, "Training device (auto uses CUDA when present). Default auto.")
            .Choice(("auto", TrainingDevice.Auto), ("cpu", TrainingDevice.Cpu), ("cuda", TrainingDevice.Cuda)), o => o.Device);
        _flags.Bind(Flag<int?>("--seed", "N",
                Invariant($"Random seed of initialisation, shuffling, augmentation and the --val-fraction split. Default {Defaults.Seed}."))
            .WholeNumber(), o => o.Seed);

        // The optimiser.
        _flags.Bind(Flag<OptimizerKind?>("--optimizer", null, "The optimiser. Default sgd.")
            .Choice(("sgd", OptimizerKind.Sgd), ("adam", OptimizerKind.Adam), ("adamw", OptimizerKind.AdamW)), o => o.Optimizer);
        _flags.Bind(Flag<double?>("--momentum", "X", Invariant($"SGD momentum, in [0, 1); not used by adam and adamw. Default {Defaults.Momentum}."))
            .Number("a number in [0, 1)", v => v is >= 0 and < 1), o => o.Momentum);
        _flags.Bind(Flag<bool>("--nesterov", null, "Nesterov momentum (sgd with --momentum above 0 only)."), o => o.Nesterov);
        _flags.Bind(Flag<double?>("--weight-decay", "X",
                Invariant($"Weight decay: L2 for sgd and adam, decoupled for adamw; 0 or more. Default {Defaults.WeightDecay}."))
            .Number("a number, 0 or more", v => v >= 0), o => o.WeightDecay);
        _flags.Bind(Flag<bool>("--no-decay-norm-bias", null, "Spare biases and BatchNorm parameters (every 1-D parameter) from weight decay, as timm does."),
            o => o.WeightDecayExemptNormAndBias);

        // The learning-rate schedule.
        _flags.Bind(Flag<LearningRateSchedule?>("--schedule", null, "How the learning rate changes over the run. Default cosine.")
            .Choice(("constant", LearningRateSchedule.Constant), ("cosine", LearningRateSchedule.Cosine), ("step", LearningRateSchedule.Step),
                ("onecycle", LearningRateSchedule.OneCycle)), o => o.LearningRateSchedule);
        _flags.Bind(Flag<double?>("--warmup-epochs", "X", "Epochs of linear warm-up before the schedule, fractions allowed, at most --epochs. Default 0.")
            .Number("a number, 0 or more", v => v >= 0), o => o.WarmupEpochs);
        _flags.Bind(Flag<double?>("--lr-decay", "X", Invariant($"Factor of the step schedule, in (0, 1]. Default {Defaults.LearningRateDecay}."))
            .Number("a number in (0, 1]", v => v is > 0 and <= 1), o => o.LearningRateDecay);
        _flags.Bind(Flag<int?>("--lr-step-epochs", "N", Invariant($"Period in epochs of the step schedule. Default {Defaults.LearningRateStepEpochs}."))
            .AtLeast(1), o => o.LearningRateStepEpochs);

        // Regularisation and augmentation.
        _flags.Bind(Flag<double?>("--label-smoothing", "X", "Label smoothing of the loss, in [0, 1); 0.1 is usual. Default 0 (off).")
            .Number("a number in [0, 1)", v => v is >= 0 and < 1), o => o.LabelSmoothing);
        _flags.Bind(Flag<double?>("--clip-grad-norm", "X", "Scale the gradients down so that their joint L2 norm is at most X. Default: no clipping.")
            .Positive(), o => o.GradientClipNorm);
        _flags.Bind(Flag<int?>("--crop-padding", "N", "Augmentation: random crop after N pixels of zero padding (4 for CIFAR). Default 0 (off).")
            .AtLeast(0), o => o.RandomCropPadding);
        _flags.Bind(Flag<bool>("--flip", null, "Augmentation: flip half of the images left-right (not for digits or text)."), o => o.HorizontalFlip);
        _flags.Bind(Flag<double?>("--random-erasing", "P",
                "Augmentation: erase one random rectangle of an image with probability P, in [0, 1]; 0.5 is usual. Default 0 (off).")
            .Number("a number in [0, 1]", v => v is >= 0 and <= 1), o => o.RandomErasingProbability);

        // Validation, early stopping and the returned weights.
        ValidationFraction = _flags.Bind(Flag<double?>("--val-fraction", "F",
                "Hold out this fraction of the training images (stratified, seeded) and score it after every epoch; in [0, 0.5). " +
                "The test part of cifar10, mnist and fashion-mnist is never used for this. Default 0 (none).")
            .Number("a number in [0, 0.5)", v => v is >= 0 and < 0.5), o => o.ValidationFraction);
        Monitor = _flags.Bind(Flag<ValidationMetric?>("--monitor", null, "The validation figure that picks the best epoch and drives --patience. Default accuracy.")
            .Choice(("accuracy", ValidationMetric.Accuracy), ("loss", ValidationMetric.Loss), ("top5", ValidationMetric.Top5Accuracy)), o => o.MonitorMetric);
        Patience = _flags.Bind(Flag<int?>("--patience", "N", "Early stopping: end training once --monitor has not improved for N epochs in a row. Default: off.")
            .AtLeast(1), o => o.EarlyStoppingPatience);
        MinDelta = _flags.Bind(Flag<double?>("--min-delta", "X", "The smallest change of --monitor that counts as an improvement; 0 or more. Default 0.")
            .Number("a number, 0 or more", v => v >= 0), o => o.EarlyStoppingMinDelta);
        _flags.Bind(Flag<bool>("--last-epoch-weights", null,
                "Keep the last epoch's weights; by default, with validation data, the model has the best epoch's by --monitor."),
            o => o.RestoreBestWeights, last => !last);

        // Checkpoints.
        Checkpoint = _flags.Bind(Flag<string?>("--checkpoint", "FILE",
                "Keep a checkpoint of the run in FILE (written safely every --checkpoint-every epochs and after the last). " +
                $"Default: none, or DIR/{TrainOptions.CheckpointFileName} (DIR of --out) when --checkpoint-every is given.")
            .NotFolder(), o => o.CheckpointPath);
        CheckpointEvery = _flags.Bind(Flag<int?>("--checkpoint-every", "N", Invariant($"Write the checkpoint every N epochs. Default {Defaults.CheckpointEveryEpochs}."))
            .AtLeast(1), o => o.CheckpointEveryEpochs);
        Resume = _flags.Bind(Flag<string?>("--resume", "FILE",
                "Continue the run saved in checkpoint FILE, with the same options and data; " +
                "give --checkpoint too (the same FILE is fine) to go on writing checkpoints.")
            .ExistingFile(), o => o.ResumeFromCheckpoint);
    }

    private static Option<T> Flag<T>(string name, string? helpName, string description) =>
        new(name) { HelpName = helpName, Description = description };

    /// <summary><c>--val-fraction F</c>.</summary>
    public Option<double?> ValidationFraction { get; }

    /// <summary><c>--monitor accuracy|loss|top5</c>.</summary>
    public Option<ValidationMetric?> Monitor { get; }

    /// <summary><c>--patience N</c>.</summary>
    public Option<int?> Patience { get; }

    /// <summary><c>--min-delta X</c>.</summary>
    public Option<double?> MinDelta { get; }

    /// <summary><c>--checkpoint FILE</c>.</summary>
    public Option<string?> Checkpoint { get; }

    /// <summary><c>--checkpoint-every N</c>.</summary>
    public Option<int?> CheckpointEvery { get; }

    /// <summary><c>--resume FILE</c>.</summary>
    public Option<string?> Resume { get; }

    /// <summary>Every flag, in the order of the help.</summary>
    public IEnumerable<Option> All => _flags.Options;

    /// <summary>Sets the options of every flag given on the command line.</summary>
    public void ApplyTo(ParseResult parsed, CnnTrainer.Options options) => _flags.ApplyTo(parsed, options);

    /// <summary>The flag that sets the option named <paramref name="optionName"/>, or null when no flag does.</summary>
    public Option? FlagOf(string? optionName) => _flags.FlagOf(optionName);
}
