using System.CommandLine;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// The flags of <c>train</c> that map straight onto <see cref="CnnTrainer.Options"/>, one line each (see
/// <see cref="FlagBindings{TTarget}"/>). A flag that is not given leaves the option as a new <see cref="CnnTrainer.Options"/>
/// has it: a fixed default, which the help reads from the options, or null for the recipe options, which the architecture's
/// recipe then fills in. The flags check only that a value parses; its range is checked by the trainer, whose error
/// <see cref="TrainOptions.CreateTrainer"/> reports naming the flag.
/// </summary>
internal sealed class TrainerFlags
{
    /// <summary>What the help says of a recipe option when its flag is not given.</summary>
    public const string FromRecipe = "Default: the architecture's recipe (mlnetcnn list --recipes).";

    private readonly FlagBindings<CnnTrainer.Options> _flags = new();

    public TrainerFlags()
    {
        // The run.
        _flags.Bind(Flag<int?>("--epochs", "N", "Training epochs.").WholeNumber(), o => o.Epochs);
        _flags.Bind(Flag<int?>("--batch-size", "B", "Images per step.").WholeNumber(), o => o.BatchSize, FromRecipe);
        _flags.Bind(Flag<double?>("--lr", "X",
                "Learning rate: the start of cosine and step, the peak of onecycle. With an --optimizer other than the recipe's " +
                "and no --lr, that optimiser's usual rate.").Number(), o => o.LearningRate, FromRecipe);
        _flags.Bind(Flag<string?>("--weights", "W",
                "Initial weights (.safetensors state dict with PyTorch/torchvision key names); " +
                "the classifier head starts afresh when the class count differs.")
            .ExistingFile(), o => o.InitialWeightsPath, "Default: random initial weights.");
        _flags.Bind(Flag<string?>("--pretrained", "NAME",
                "Start from the named pretrained weights of --arch, e.g. imagenet; not with --weights."),
            o => o.Pretrained, "Default: random initial weights.");
        _flags.Bind(Flag<string?>("--weights-cache", "DIR", "Where downloaded --pretrained weights are kept."),
            o => o.WeightsCacheFolder, "Default: $MLNETCNN_WEIGHTS, else $TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints.");
        _flags.Bind(Flag<bool>("--no-download", null, "Fail instead of downloading --pretrained weights missing from the cache."),
            o => o.AllowWeightsDownload, "Default: download when missing.", offline => !offline);
        _flags.Bind(Flag<int?>("--freeze-backbone-epochs", "N",
                "With --weights or --pretrained: train only the classifier head for the first N epochs.").WholeNumber(),
            o => o.FreezeBackboneEpochs, FromRecipe);
        _flags.Bind(Flag<double?>("--backbone-lr-scale", "X",
                "With --weights or --pretrained: the backbone's learning rate as a fraction of the head's, in (0, 1].").Number(),
            o => o.BackboneLearningRateScale, FromRecipe);
        _flags.Bind(Switch("--freeze-batchnorm",
                "Keep BatchNorm layers in evaluation mode while training: their running statistics stay the pretrained ones."),
            o => o.FreezeBatchNorm, FromRecipe);
        _flags.Bind(Switch("--cache-features",
                "While the backbone is frozen, compute its features once and train the head alone on them (much faster)."),
            o => o.CacheBackboneFeatures, FromRecipe);
        _flags.Bind(Flag<int?>("--feature-cache-passes", "N",
                "With --cache-features: 1 caches one plain pass; N above 1 caches N augmented passes, used in turn.").WholeNumber(),
            o => o.FeatureCachePasses);
        _flags.Bind(Flag<TrainingDevice?>("--device", null, "Training device (auto uses CUDA when present).").Choice(), o => o.Device);
        _flags.Bind(Flag<int?>("--gpu", "N", "The CUDA device to train and score on.").WholeNumber(), o => o.GpuDeviceId);
        _flags.Bind(Flag<bool>("--tf32", null,
            "On CUDA, let matrix products and convolutions use TF32 (faster on Ampere and later GPUs, 10-bit mantissa)."), o => o.AllowTf32);
        _flags.Bind(Flag<int?>("--seed", "N", "Random seed of initialisation, shuffling, augmentation and the --val-fraction split.")
            .WholeNumber(), o => o.Seed);

        // The optimiser.
        _flags.Bind(Flag<OptimizerKind?>("--optimizer", null, "The optimiser.").Choice(), o => o.Optimizer, FromRecipe);
        _flags.Bind(Flag<double?>("--momentum", "X", "SGD momentum; not used by adam and adamw.").Number(), o => o.Momentum, FromRecipe);
        _flags.Bind(Switch("--nesterov", "Nesterov momentum (sgd with momentum above 0 only)."), o => o.Nesterov, FromRecipe);
        _flags.Bind(Flag<double?>("--weight-decay", "X", "Weight decay: L2 for sgd and adam, decoupled for adamw.").Number(),
            o => o.WeightDecay, FromRecipe);
        _flags.Bind(Switch("--no-decay-norm-bias", "Spare biases and BatchNorm parameters (every 1-D parameter) from weight decay, as timm does."),
            o => o.WeightDecayExemptNormAndBias, FromRecipe);

        // The learning-rate schedule.
        _flags.Bind(Flag<LearningRateSchedule?>("--schedule", null, "How the learning rate changes over the run.").Choice(),
            o => o.LearningRateSchedule, FromRecipe);
        _flags.Bind(Flag<double?>("--warmup-epochs", "X", "Epochs of linear warm-up before the schedule, fractions allowed, at most --epochs.")
            .Number(), o => o.WarmupEpochs, FromRecipe);
        _flags.Bind(Flag<double?>("--lr-decay", "X", "Factor of the step schedule.").Number(), o => o.LearningRateDecay);
        _flags.Bind(Flag<int?>("--lr-step-epochs", "N", "Period in epochs of the step schedule.").WholeNumber(), o => o.LearningRateStepEpochs);

        // Regularisation and augmentation.
        _flags.Bind(Flag<double?>("--label-smoothing", "X", "Label smoothing of the loss; 0 turns it off, 0.1 is usual.").Number(),
            o => o.LabelSmoothing, FromRecipe);
        _flags.Bind(Flag<double?>("--clip-grad-norm", "X", "Scale the gradients down so that their joint L2 norm is at most X.").Number(),
            o => o.GradientClipNorm, "Default: no clipping.");
        _flags.Bind(Flag<int?>("--crop-padding", "N", "Augmentation: random crop after N pixels of zero padding; 0 turns it off.").WholeNumber(),
            o => o.RandomCropPadding, FromRecipe);
        _flags.Bind(Flag<double?>("--resized-crop-scale", "X",
                "Augmentation: random resized crop of at least X of the image's area (aspect 3/4-4/3), resized back; 1 turns it off.").Number(),
            o => o.RandomResizedCropScale, FromRecipe);
        _flags.Bind(Switch("--flip", "Augmentation: flip half of the images left-right (not for digits or text)."), o => o.HorizontalFlip, FromRecipe);
        _flags.Bind(Flag<double?>("--random-erasing", "P",
                "Augmentation: erase one random rectangle of an image with probability P; 0 turns it off, 0.5 is usual.").Number(),
            o => o.RandomErasingProbability, FromRecipe);
        _flags.Bind(Flag<double?>("--mixup", "ALPHA",
                "Augmentation: blend each batch with a shuffled copy of itself (mixup), weights drawn from Beta(ALPHA, ALPHA); 0 turns it off, 0.2 is usual.").Number(),
            o => o.MixupAlpha, FromRecipe);

        _flags.Bind(Flag<bool>("--tta-flip", null,
            "Test-time augmentation in the exported model: score each image and its mirror image and average the logits (twice the scoring compute)."),
            o => o.TestTimeFlipAveraging);

        // Validation, early stopping and the returned weights.
        ValidationFraction = _flags.Bind(Flag<double?>("--val-fraction", "F",
                "Hold out this fraction of the training images (stratified, seeded) and score it after every epoch; 0 holds nothing out. " +
                "The test part of cifar10, mnist and fashion-mnist is never used for this.").Number(), o => o.ValidationFraction);
        Monitor = _flags.Bind(Flag<ValidationMetric?>("--monitor", null, "The validation figure that picks the best epoch and drives --patience.")
            .Choice(), o => o.MonitorMetric);
        Patience = _flags.Bind(Flag<int?>("--patience", "N", "Early stopping: end training once --monitor has not improved for N epochs in a row.")
            .WholeNumber(), o => o.EarlyStoppingPatience, "Default: no early stopping.");
        MinDelta = _flags.Bind(Flag<double?>("--min-delta", "X", "The smallest change of --monitor that counts as an improvement.").Number(),
            o => o.EarlyStoppingMinDelta);
        _flags.Bind(Flag<bool>("--last-epoch-weights", null, "Keep the last epoch's weights instead of the best epoch's by --monitor."),
            o => o.RestoreBestWeights, "Default: the best epoch's, when there is validation data.", last => !last);
        _flags.Bind(Flag<int?>("--average-epochs", "N",
                "Stochastic weight averaging: the model carries the mean of the weights after each of the last N epochs; 0 turns it off.")
            .WholeNumber(), o => o.WeightAveragingEpochs, FromRecipe);

        // Checkpoints.
        Checkpoint = _flags.Bind(Flag<string?>("--checkpoint", "FILE",
                "Keep a checkpoint of the run in FILE (written safely every --checkpoint-every epochs and after the last)."),
            o => o.CheckpointPath, $"Default: none, or DIR/{TrainOptions.CheckpointFileName} (DIR of --out) when --checkpoint-every is given.");
        CheckpointEvery = _flags.Bind(Flag<int?>("--checkpoint-every", "N", "Write the checkpoint every N epochs.").WholeNumber(),
            o => o.CheckpointEveryEpochs);
        Resume = _flags.Bind(Flag<string?>("--resume", "FILE",
                "Continue the run saved in checkpoint FILE, with the same options and data; " +
                "give --checkpoint too (the same FILE is fine) to go on writing checkpoints.")
            .ExistingFile(), o => o.ResumeFromCheckpoint, "Default: start afresh.");
        _flags.Bind(Flag<int?>("--pause-after-epoch", "N",
                "Stop after epoch N of --epochs, keeping the schedule of all --epochs and writing the checkpoint; " +
                "--resume the checkpoint later to go on as if the run had never paused.").WholeNumber(),
            o => o.PauseAfterEpoch, "Default: train all epochs.");
    }

    private static Option<T> Flag<T>(string name, string? helpName, string description) =>
        new(name) { HelpName = helpName, Description = description };

    /// <summary>
    /// A flag for a yes-or-no recipe option: alone it says yes, and <c>NAME false</c> says no, which turns off what the
    /// recipe would do.
    /// </summary>
    private static Option<bool?> Switch(string name, string description)
    {
        var option = new Option<bool?>(name)
        {
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "true|false",
            Description = $"{description} Given alone: on; {name} false turns it off where the recipe has it on.",
        };
        return option.YesOrNo();
    }

    /// <summary><c>--val-fraction F</c>.</summary>
    public Option<double?> ValidationFraction { get; }

    /// <summary><c>--monitor</c>, one of <see cref="ValidationMetric"/>.</summary>
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
