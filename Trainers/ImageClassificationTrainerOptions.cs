using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Trainers;

/// <summary>
/// Options shared by every MlNetCnn trainer: one vocabulary for all architectures. Validated once, when the
/// trainer is created; the trainer never writes them back.
/// </summary>
public abstract class ImageClassificationTrainerOptions
{
    /// <summary>The key-typed label column (make it with <c>MapValueToKey</c>). Default <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// The image tensor column: a known-size <c>Vector&lt;Single&gt;</c> in CHW order, as made by
    /// <c>LoadImagesAsTensors</c> (whose column type carries C, H, W). Default <c>Features</c>.
    /// </summary>
    public string ImageColumnName { get; set; } = "Features";

    /// <summary>The output column of class probabilities. Default <c>Score</c>.</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>The output column of the predicted class, with the label's key type. Default <c>PredictedLabel</c>.</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>The registry name of the network, e.g. <c>resnet18_cifar</c>.</summary>
    public abstract string Architecture { get; set; }

    /// <summary>Architecture settings by lower_snake key (see the registry's options for the architecture).</summary>
    public Dictionary<string, string> ArchitectureSettings { get; set; } = new();

    /// <summary>
    /// Channels, height and width of the images, needed only when the image column's type does not carry
    /// them (a flat vector): then give all three. Null by default.
    /// </summary>
    public int[]? ImageShape { get; set; }

    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Images per training step. Null (default): the architecture's recipe (128 for most, 256 for ResNet-9).</summary>
    public int? BatchSize { get; set; }

    /// <summary>
    /// The learning rate: the start of <see cref="LearningRateSchedule.Cosine"/> and <see cref="LearningRateSchedule.Step"/>, the
    /// peak of <see cref="LearningRateSchedule.OneCycle"/>. Null (default): the architecture's recipe; when
    /// <see cref="Optimizer"/> is set to another optimiser than the recipe's, that optimiser's usual rate (1e-3 for Adam and
    /// AdamW, 0.05 for SGD).
    /// </summary>
    public double? LearningRate { get; set; }

    /// <summary>How the learning rate changes over the run. Null (default): the architecture's recipe (mostly cosine).</summary>
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// Epochs of linear warm-up at the start of every schedule: step by step from near zero up to the schedule's rate.
    /// Fractions are allowed; between 0 and <see cref="Epochs"/>. Null (default): the architecture's recipe, cut to
    /// <see cref="Epochs"/>.
    /// </summary>
    public double? WarmupEpochs { get; set; }

    /// <summary>The factor of <see cref="LearningRateSchedule.Step"/>: in (0, 1]. Default 0.1.</summary>
    public double LearningRateDecay { get; set; } = 0.1;

    /// <summary>The period, in epochs, of <see cref="LearningRateSchedule.Step"/>: at least 1. Default 30 (torchvision's ImageNet recipe).</summary>
    public int LearningRateStepEpochs { get; set; } = 30;

    /// <summary>The optimisation algorithm. Null (default): the architecture's recipe (SGD for most, Adam for sigmoid LeNet-5).</summary>
    public OptimizerKind? Optimizer { get; set; }

    /// <summary>
    /// Nesterov momentum for <see cref="OptimizerKind.Sgd"/>; needs <see cref="Momentum"/> above 0. Null (default): the
    /// architecture's recipe when the optimiser is SGD.
    /// </summary>
    public bool? Nesterov { get; set; }

    /// <summary>
    /// Smooths the one-hot targets of the cross-entropy loss: the true class gets 1 − x + x / classes, every other class
    /// x / classes. In [0, 1); 0 turns it off, 0.1 is a usual setting. Null (default): the architecture's recipe.
    /// </summary>
    public double? LabelSmoothing { get; set; }

    /// <summary>
    /// Before each optimiser step, scales all gradients down together so that their joint L2 norm is at most this
    /// (torch's <c>clip_grad_norm_</c>). Positive; default null (no clipping).
    /// </summary>
    public double? GradientClipNorm { get; set; }

    /// <summary>
    /// When training on CUDA, lets matrix products and cuDNN convolutions use TF32 (faster on Ampere and later GPUs, with a
    /// 10-bit mantissa); the process-wide settings are put back after training. Ignored on the CPU. Default false.
    /// </summary>
    public bool AllowTf32 { get; set; }

    /// <summary>
    /// Augmentation: pixels of zero padding around each image before a random crop back to its size
    /// (4 is the usual CIFAR setting); 0 turns it off. Null (default): the architecture's recipe, which scales with the image
    /// (an eighth of the side for most).
    /// </summary>
    public int? RandomCropPadding { get; set; }

    /// <summary>
    /// Augmentation: a random resized crop as torchvision's <c>RandomResizedCrop</c>: a rectangle of at least this fraction
    /// of the image's area (up to all of it), aspect ratio 3/4–4/3, resized back to the input size (bilinear), on the
    /// training device. In (0, 1]; 1 turns it off. Null (default): the recipe's (0.35 when fine-tuning pretrained weights,
    /// else off).
    /// </summary>
    public double? RandomResizedCropScale { get; set; }

    /// <summary>
    /// Augmentation: flip half of the images left–right (not for digits or text). Null (default): the architecture's recipe,
    /// which flips colour images only.
    /// </summary>
    public bool? HorizontalFlip { get; set; }

    /// <summary>
    /// Augmentation: the probability that an image gets one random rectangle set to the mean (zero after
    /// normalisation), as torchvision's <c>RandomErasing</c> with its defaults: 2–33 % of the area, aspect ratio 0.3–3.3.
    /// Applied after crop and flip, on the training device. Between 0 and 1; 0 turns it off, 0.5 is a usual setting. Null
    /// (default): the architecture's recipe (off for all today).
    /// </summary>
    public double? RandomErasingProbability { get; set; }

    /// <summary>
    /// Mixup (Zhang et al. 2018): every training batch is blended with a shuffled copy of itself, λ·x + (1−λ)·x′, and the
    /// loss is the same blend of the losses against both targets, with λ drawn from Beta(α, α) once per batch (seeded). A
    /// regulariser for networks that fit a small training set; 0.2–0.4 are usual for photos. The training accuracy then
    /// counts the first target of each blended image. Zero or more; 0 turns it off. Null (default): the architecture's
    /// recipe (off for all today).
    /// </summary>
    public double? MixupAlpha { get; set; }

    /// <summary>
    /// Test-time augmentation in the exported model: every image is scored as it is and flipped left–right, and the two
    /// logits are averaged before the softmax (twice the scoring compute; usually a few tenths of a point on photos; not for
    /// digits or text). The per-epoch validation figures are of the plain network. Default false.
    /// </summary>
    public bool TestTimeFlipAveraging { get; set; }

    /// <summary>SGD momentum, in [0, 1); not used by Adam and AdamW. Null (default): the architecture's recipe (0.9).</summary>
    public double? Momentum { get; set; }

    /// <summary>Weight decay: L2 for SGD and Adam, decoupled for AdamW. Null (default): the architecture's recipe (mostly 5e-4).</summary>
    public double? WeightDecay { get; set; }

    /// <summary>
    /// Exempts parameters of one dimension — biases and BatchNorm weights and biases — from <see cref="WeightDecay"/>, as timm
    /// does; convolution and linear weights keep it. Null (default): the architecture's recipe.
    /// </summary>
    public bool? WeightDecayExemptNormAndBias { get; set; }

    /// <summary>Where to train. Default <see cref="TrainingDevice.Auto"/>: a CUDA GPU when there is one, else the CPU.</summary>
    public TrainingDevice Device { get; set; } = TrainingDevice.Auto;

    /// <summary>The CUDA device for training and, through ONNX Runtime, scoring. Default 0.</summary>
    public int GpuDeviceId { get; set; }

    /// <summary>Seed of weight initialisation and shuffling; the same seed on the CPU gives the same model. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Per-channel mean of the 0–1 input, subtracted before the network; null computes it from the training data.</summary>
    public float[]? Mean { get; set; }

    /// <summary>Per-channel standard deviation of the 0–1 input; null computes it from the training data.</summary>
    public float[]? Std { get; set; }

    /// <summary>
    /// Transfer learning: a safetensors state dict with PyTorch/torchvision key names (torchvision's weights, or a
    /// network saved with <c>WeightSaver</c>) loaded into the network after it is built. When the class count differs
    /// from the file's, the classifier head (the architecture's <c>ClassifierPrefix</c>) starts afresh; every other key
    /// must fit, or <c>Fit</c> fails before training listing what is missing, unexpected or mis-shaped. Null (default)
    /// starts from random weights.
    /// </summary>
    public string? InitialWeightsPath { get; set; }

    /// <summary>
    /// Transfer learning: pretrained weights by name, e.g. <c>imagenet</c>, from <c>PretrainedCatalog</c> for
    /// <see cref="Architecture"/> (the trainer refuses an unknown name, listing the names that exist). They are loaded as
    /// <see cref="InitialWeightsPath"/> is (a fresh classifier head when the class count differs), their preprocessing's
    /// mean and std become the normalisation unless <see cref="Mean"/> and <see cref="Std"/> are set, and the fine-tuning
    /// recipe applies (see <see cref="FreezeBackboneEpochs"/>). Needs 3-channel (RGB) images. Not with
    /// <see cref="InitialWeightsPath"/>. Null (default): random weights.
    /// </summary>
    public string? Pretrained { get; set; }

    /// <summary>
    /// Where <see cref="Pretrained"/> weights that are downloaded are kept. Null (default): <c>$MLNETCNN_WEIGHTS</c>, else
    /// <c>$TORCH_HOME/hub/checkpoints</c>, else <c>~/.cache/torch/hub/checkpoints</c> (where PyTorch keeps torchvision's).
    /// </summary>
    public string? WeightsCacheFolder { get; set; }

    /// <summary>
    /// Whether <see cref="Pretrained"/> weights missing from <see cref="WeightsCacheFolder"/> may be downloaded; false makes
    /// <c>Fit</c> fail instead (offline machines). Default true.
    /// </summary>
    public bool AllowWeightsDownload { get; set; } = true;

    /// <summary>
    /// Transfer learning: the first N epochs train only the classifier head (the other parameters do not require
    /// gradients). Without <see cref="CacheBackboneFeatures"/>, modules stay in training mode, so BatchNorm still updates its
    /// running statistics. Needs <see cref="Pretrained"/> or <see cref="InitialWeightsPath"/>; between 0 and
    /// <see cref="Epochs"/>. Null (default): 0 without pretrained weights, else the fine-tuning recipe's (2, cut to
    /// <see cref="Epochs"/>).
    /// </summary>
    public int? FreezeBackboneEpochs { get; set; }

    /// <summary>
    /// Transfer learning: the learning rate of every parameter outside the classifier head, as a fraction of the head's (two
    /// parameter groups, each still sparing norms and biases from weight decay when asked). In (0, 1]. Null (default): 1
    /// without pretrained weights, else the fine-tuning recipe's 0.1.
    /// </summary>
    public double? BackboneLearningRateScale { get; set; }

    /// <summary>
    /// Transfer learning: keep every BatchNorm layer in evaluation mode while the network trains, so its running statistics
    /// stay those of the pretraining data instead of being re-estimated from small batches of augmented crops (its scale and
    /// shift still learn), as fine-tuning guides advise for small data sets. Null (default): the recipe's (false from scratch).
    /// </summary>
    public bool? FreezeBatchNorm { get; set; }

    /// <summary>
    /// Transfer learning, as ML.NET's image classification trainer caches bottleneck values: during the
    /// <see cref="FreezeBackboneEpochs"/>, the backbone's output (the input of the classifier head) is computed once per
    /// image, with the backbone in evaluation mode (BatchNorm's running statistics fixed, dropout off), and the head alone
    /// trains on those features — much faster, same optimiser, schedule and loss. The validation images' features are cached
    /// in the same pass, so the frozen epochs validate the head alone on them (the same figures as the whole network in
    /// evaluation mode, without the backbone); checkpoints and resume work (the cache is recomputed the same way). The time
    /// of the feature pass is reported in the epoch's <c>FeatureSeconds</c>. Null (default): false without
    /// pretrained weights, else the fine-tuning recipe's true.
    /// </summary>
    public bool? CacheBackboneFeatures { get; set; }

    /// <summary>
    /// With <see cref="CacheBackboneFeatures"/>: 1 (default) caches one pass over the images without augmentation; N above 1
    /// caches N augmented passes, used in turn by the frozen epochs. At least 1.
    /// </summary>
    public int FeatureCachePasses { get; set; } = 1;

    /// <summary>
    /// Holds out this fraction of the training rows, stratified by class and seeded by <see cref="Seed"/>, as the validation
    /// set: it is not trained on and is scored after every epoch. In [0, 0.5); default 0 (no held-out part). Not used when
    /// <c>Fit(trainData, validationData)</c> gets a validation set of its own.
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>
    /// The validation figure that picks the best epoch (<see cref="RestoreBestWeights"/>) and drives early stopping.
    /// Default <see cref="ValidationMetric.Accuracy"/>.
    /// </summary>
    public ValidationMetric MonitorMetric { get; set; } = ValidationMetric.Accuracy;

    /// <summary>
    /// Early stopping: training ends once <see cref="MonitorMetric"/> has not improved by more than
    /// <see cref="EarlyStoppingMinDelta"/> for this many epochs in a row. Needs validation data. At least 1; default null (off).
    /// </summary>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>The smallest change of <see cref="MonitorMetric"/> that counts as an improvement. 0 or more; default 0.</summary>
    public double EarlyStoppingMinDelta { get; set; }

    /// <summary>
    /// With validation data, the returned model carries the weights of the best epoch by <see cref="MonitorMetric"/>, not
    /// the last epoch's. Default true; ignored without validation data, and when <see cref="WeightAveragingEpochs"/> averages.
    /// </summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Stochastic weight averaging (Izmailov et al. 2018): the returned model carries the mean of the weights after each of
    /// the run's last N epochs, BatchNorm's running statistics averaged alike (as PyTorch's <c>AveragedModel</c> with
    /// buffers); it wins over <see cref="RestoreBestWeights"/>, and a run stopped early before the window keeps the usual
    /// weights. With validation data the log gives the averaged model's figures. Checkpoints keep the mean, so a resumed
    /// run averages the same epochs. Between 0 (off) and <see cref="Epochs"/>. Null (default): the recipe's (0 in every
    /// recipe, <c>mlnetcnn list --recipes</c>).
    /// </summary>
    public int? WeightAveragingEpochs { get; set; }

    /// <summary>
    /// A file to keep a checkpoint in: network, optimiser, schedule position, random state, history and the best epoch's
    /// weights. It is written every <see cref="CheckpointEveryEpochs"/> epochs and after the last, through a temporary
    /// file that is verified before it replaces the previous checkpoint. Null (default): no checkpoints.
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>How often, in epochs, <see cref="CheckpointPath"/> is written. At least 1; default 1.</summary>
    public int CheckpointEveryEpochs { get; set; } = 1;

    /// <summary>
    /// Continues the run saved in this checkpoint: training resumes after its last epoch and, on the CPU with the same
    /// options and data, gives the metrics and model of a run that never stopped. A damaged checkpoint, or one of another
    /// architecture, class count, image shape or batch size, is refused with the reason. May be the same file as
    /// <see cref="CheckpointPath"/>. Null (default) starts afresh.
    /// </summary>
    public string? ResumeFromCheckpoint { get; set; }

    /// <summary>
    /// Pauses the run after this epoch, as a multi-fidelity sweep does at a rung: the learning-rate schedule stays that of
    /// <see cref="Epochs"/>, the checkpoint is written (<see cref="CheckpointPath"/> is required) and <c>Fit</c> returns the
    /// model as it stands; resuming from the checkpoint with the option unset (or later) continues exactly as a run that
    /// never paused. Between 1 and <see cref="Epochs"/>; null (default) trains all epochs.
    /// </summary>
    public int? PauseAfterEpoch { get; set; }

    /// <summary>Receives a report after every training step (epoch, step, loss, images/s, ETA). Optional.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>
    /// Stops training at the next step, with <see cref="OperationCanceledException"/>; the last checkpoint written (see
    /// <see cref="CheckpointPath"/>) stays as it was, ready for <see cref="ResumeFromCheckpoint"/>.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>True when training starts from pretrained weights (<see cref="Pretrained"/> or <see cref="InitialWeightsPath"/>).</summary>
    internal bool HasPretrainedWeights => Pretrained is not null || InitialWeightsPath is not null;

    /// <summary>Tests only: the weights <see cref="Pretrained"/> resolves to, instead of the catalog's entry.</summary>
    internal Models.Pretrained.PretrainedWeights? PretrainedWeightsOverride { get; set; }

    /// <summary>Default options but the given columns and epochs: what every trainer's simple overload builds.</summary>
    internal static TOptions Simple<TOptions>(string labelColumnName, string imageColumnName, int epochs)
        where TOptions : ImageClassificationTrainerOptions, new() =>
        new() { LabelColumnName = labelColumnName, ImageColumnName = imageColumnName, Epochs = epochs };

    internal void Validate()
    {
        RequireText(LabelColumnName, nameof(LabelColumnName));
        RequireText(ImageColumnName, nameof(ImageColumnName));
        RequireText(ScoreColumnName, nameof(ScoreColumnName));
        RequireText(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        RequireText(Architecture, nameof(Architecture));
        RequirePositive(Epochs, nameof(Epochs));
        if (BatchSize is int batchSize) RequirePositive(batchSize, nameof(BatchSize));
        if (LearningRate is double learningRate && (!(learningRate > 0) || double.IsInfinity(learningRate)))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive finite number.");
        if (FreezeBackboneEpochs is int freeze && (freeze < 0 || freeze > Epochs))
            throw new ArgumentOutOfRangeException(nameof(FreezeBackboneEpochs), FreezeBackboneEpochs,
                $"FreezeBackboneEpochs must be between 0 and Epochs ({Epochs}).");
        if (FreezeBackboneEpochs > 0 && !HasPretrainedWeights)
            throw new ArgumentException(
                $"FreezeBackboneEpochs ({FreezeBackboneEpochs}) freezes a pretrained backbone, but InitialWeightsPath is not set (nor Pretrained); set one, or set FreezeBackboneEpochs to 0.",
                nameof(FreezeBackboneEpochs));
        if (InitialWeightsPath is not null && !File.Exists(InitialWeightsPath))
            throw new FileNotFoundException($"InitialWeightsPath: expected an existing safetensors file; '{InitialWeightsPath}' does not exist.", InitialWeightsPath);
        if (Pretrained is not null && (string.IsNullOrWhiteSpace(Pretrained) || InitialWeightsPath is not null))
            throw new ArgumentException(InitialWeightsPath is not null
                ? $"Pretrained ('{Pretrained}') and InitialWeightsPath ('{InitialWeightsPath}') both give the initial weights; set only one."
                : "Pretrained must name weights, e.g. 'imagenet', or be null for random weights; got an empty name.", nameof(Pretrained));
        if (WeightsCacheFolder is not null && string.IsNullOrWhiteSpace(WeightsCacheFolder))
            throw new ArgumentException("WeightsCacheFolder must name a folder, or be null for the default weights cache; got an empty name.", nameof(WeightsCacheFolder));
        if (BackboneLearningRateScale is double backboneScale && !(backboneScale > 0 && backboneScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(BackboneLearningRateScale), BackboneLearningRateScale,
                "BackboneLearningRateScale must be in (0, 1] (1 trains the backbone at the head's rate).");
        if (RandomResizedCropScale is double cropScale && !(cropScale > 0 && cropScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(RandomResizedCropScale), RandomResizedCropScale,
                "RandomResizedCropScale must be in (0, 1] (the smallest crop area as a fraction of the image; 1 turns the crop off).");
        RequirePositive(FeatureCachePasses, nameof(FeatureCachePasses));
        if (RandomCropPadding is < 0)
            throw new ArgumentOutOfRangeException(nameof(RandomCropPadding), RandomCropPadding, "RandomCropPadding must be 0 or more.");
        if (RandomErasingProbability is double erasing && !(erasing is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(RandomErasingProbability), RandomErasingProbability,
                "RandomErasingProbability must be between 0 and 1 (0 turns random erasing off).");
        if (MixupAlpha is double alpha && !(alpha >= 0 && double.IsFinite(alpha)))
            throw new ArgumentOutOfRangeException(nameof(MixupAlpha), MixupAlpha, "MixupAlpha must be a finite number of 0 or more (0 turns mixup off; 0.2 is usual).");
        if (WeightAveragingEpochs is int averaged && !(averaged >= 0 && averaged <= Epochs))
            throw new ArgumentOutOfRangeException(nameof(WeightAveragingEpochs), WeightAveragingEpochs,
                $"WeightAveragingEpochs must be between 0 (off) and Epochs ({Epochs}): it averages the weights of the run's last epochs.");
        if (LearningRateSchedule is { } schedule && !Enum.IsDefined(schedule))
            throw new ArgumentOutOfRangeException(nameof(LearningRateSchedule), LearningRateSchedule, "Unknown learning-rate schedule.");
        if (WarmupEpochs is double warmup && !(warmup >= 0 && warmup <= Epochs))
            throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, $"WarmupEpochs must be between 0 and Epochs ({Epochs}).");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1))
            throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), LearningRateDecay, "LearningRateDecay must be in (0, 1].");
        RequirePositive(LearningRateStepEpochs, nameof(LearningRateStepEpochs));
        if (Optimizer is { } optimizer && !Enum.IsDefined(optimizer))
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, $"Unknown optimizer; expected one of {string.Join(", ", Enum.GetNames<OptimizerKind>())}.");
        if (LabelSmoothing is double smoothing && !(smoothing >= 0 && smoothing < 1))
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "LabelSmoothing must be in [0, 1) (0 turns it off).");
        if (GradientClipNorm is double clip && !(clip > 0 && !double.IsInfinity(clip)))
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, "GradientClipNorm must be a positive finite number, or null for no clipping.");
        if (Momentum is double momentum && !(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        if (WeightDecay is double decay && (!(decay >= 0) || double.IsInfinity(decay)))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a finite number, 0 or more.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 0.5))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 0.5) (0 holds nothing out).");
        if (!Enum.IsDefined(MonitorMetric))
            throw new ArgumentOutOfRangeException(nameof(MonitorMetric), MonitorMetric, $"Unknown metric; expected one of {string.Join(", ", Enum.GetNames<ValidationMetric>())}.");
        if (EarlyStoppingPatience is < 1)
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must be at least 1, or null for no early stopping.");
        if (!(EarlyStoppingMinDelta >= 0) || double.IsInfinity(EarlyStoppingMinDelta))
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "EarlyStoppingMinDelta must be a finite number, 0 or more.");
        RequirePositive(CheckpointEveryEpochs, nameof(CheckpointEveryEpochs));
        if (PauseAfterEpoch is int pause && !(pause >= 1 && pause <= Epochs))
            throw new ArgumentOutOfRangeException(nameof(PauseAfterEpoch), PauseAfterEpoch, $"PauseAfterEpoch must be between 1 and Epochs ({Epochs}), or null.");
        if (PauseAfterEpoch is not null && CheckpointPath is null)
            throw new ArgumentException("PauseAfterEpoch needs CheckpointPath: a paused run goes on from its checkpoint.", nameof(PauseAfterEpoch));
        if (CheckpointPath is not null && (string.IsNullOrWhiteSpace(CheckpointPath) || Directory.Exists(CheckpointPath)))
            throw new ArgumentException($"CheckpointPath must name a file; '{CheckpointPath}' {(Directory.Exists(CheckpointPath) ? "is a folder" : "is empty")}.", nameof(CheckpointPath));
        if (ResumeFromCheckpoint is not null && !File.Exists(ResumeFromCheckpoint))
            throw new FileNotFoundException($"ResumeFromCheckpoint: expected an existing checkpoint file; '{ResumeFromCheckpoint}' does not exist.", ResumeFromCheckpoint);
        if (GpuDeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), GpuDeviceId, "GpuDeviceId must be 0 or more.");
        if (ImageShape is not null && (ImageShape.Length != 3 || ImageShape.Any(d => d < 1)))
            throw new ArgumentException($"ImageShape must be [channels, height, width] with positive values; got [{string.Join(", ", ImageShape)}].", nameof(ImageShape));
        if ((Mean is null) != (Std is null))
            throw new ArgumentException("Give both Mean and Std, or neither (then both are computed from the training data).", Mean is null ? nameof(Mean) : nameof(Std));
        if (Std is not null && Std.Any(s => !(s > 0)))
            throw new ArgumentOutOfRangeException(nameof(Std), $"Std values must be positive; got [{string.Join(", ", Std)}].");
        var outputs = new[] { ScoreColumnName, PredictedLabelColumnName };
        if (outputs.Distinct().Count() != outputs.Length)
            throw new ArgumentException($"ScoreColumnName and PredictedLabelColumnName must differ; both are '{ScoreColumnName}'.");
    }

    private static void RequireText(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{name} must be a non-empty column or architecture name.", name);
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
    }
}
