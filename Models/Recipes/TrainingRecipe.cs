using System.Globalization;

namespace MlNetCnn.Models.Recipes;

/// <summary>
/// Augmentation a recipe asks for, as rules that fit any input: the crop padding follows the image size, and flips are
/// only for colour images (a flipped digit or letter is another glyph).
/// </summary>
/// <param name="CropPaddingFraction">
/// Zero padding before a random crop back to the image size, as a fraction of the side (0.125 gives 4 pixels at 32×32, as
/// in the usual CIFAR recipe, and 4 at 28×28 after rounding); 0 for no crop.
/// </param>
/// <param name="FlipColourImages">Flip half of the images left–right when they have three channels.</param>
/// <param name="RandomErasingProbability">Probability of one erased rectangle per image; 0 for none.</param>
/// <param name="ResizedCropMinScale">
/// The smallest area, as a fraction of the image, of a random resized crop (torchvision's <c>RandomResizedCrop</c>: aspect
/// ratio 3/4–4/3, resized back to the input size, bilinear); 1 for none.
/// </param>
/// <param name="MixupAlpha">Mixup's α: each batch blended with a shuffled copy of itself by λ ~ Beta(α, α); 0 for none.</param>
public sealed record AugmentationRecipe(double CropPaddingFraction, bool FlipColourImages, double RandomErasingProbability = 0,
    double ResizedCropMinScale = 1, double MixupAlpha = 0)
{
    /// <summary>Pixels of crop padding for <paramref name="imageSize"/>×<paramref name="imageSize"/> images.</summary>
    public int CropPadding(int imageSize) => (int)Math.Round(imageSize * CropPaddingFraction, MidpointRounding.AwayFromZero);

    /// <summary>Whether images with <paramref name="channels"/> channels are flipped.</summary>
    public bool Flip(int channels) => FlipColourImages && channels == 3;

    /// <inheritdoc />
    public override string ToString() =>
        (ResizedCropMinScale < 1 ? $"resized crop ({ResizedCropMinScale.ToString("0.###", CultureInfo.InvariantCulture)}–1 of the area), " : "") +
        (CropPaddingFraction > 0 ? $"crop (pad {CropPaddingFraction.ToString("0.###", CultureInfo.InvariantCulture)}×size)" : "no crop") +
        (FlipColourImages ? ", flip (colour)" : "") +
        (RandomErasingProbability > 0 ? $", erasing {RandomErasingProbability.ToString("0.##", CultureInfo.InvariantCulture)}" : "") +
        (MixupAlpha > 0 ? $", mixup α {MixupAlpha.ToString("0.##", CultureInfo.InvariantCulture)}" : "");
}

/// <summary>
/// An architecture's recommended training recipe: what a trainer uses for every option the user leaves unset, the way
/// torchvision and timm record each model's recipe beside it. Every architecture in the registry carries one, with
/// <see cref="Source"/> saying where it comes from.
/// </summary>
/// <param name="Optimizer">The optimisation algorithm.</param>
/// <param name="LearningRate">The starting rate (the peak of one-cycle).</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="Nesterov">Nesterov momentum (SGD only).</param>
/// <param name="WeightDecay">Weight decay.</param>
/// <param name="WeightDecayExemptNormAndBias">Spare biases and normalisation parameters from weight decay.</param>
/// <param name="Schedule">The learning-rate schedule.</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up (cut to the run's length when the run is shorter).</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="LabelSmoothing">Label smoothing of the loss.</param>
/// <param name="Augmentation">Augmentation, as rules over the input size and channels.</param>
/// <param name="Source">Where the recipe comes from (paper, torchvision, Page's ResNet-9, a measurement of this project).</param>
public sealed record TrainingRecipe(
    OptimizerKind Optimizer, double LearningRate, double Momentum, bool Nesterov, double WeightDecay, bool WeightDecayExemptNormAndBias,
    LearningRateSchedule Schedule, double WarmupEpochs, int BatchSize, double LabelSmoothing, AugmentationRecipe Augmentation, string Source)
{
    /// <summary>Transfer learning: epochs that train only the classifier head before the whole network. Default 0.</summary>
    public int FreezeBackboneEpochs { get; init; }

    /// <summary>Transfer learning: the backbone's learning rate as a fraction of the head's (two parameter groups). Default 1.</summary>
    public double BackboneLearningRateScale { get; init; } = 1;

    /// <summary>
    /// Transfer learning: while the backbone is frozen, compute its output once per image and train the head alone on
    /// those features (as ML.NET's image classification trainer caches bottleneck values). Default false.
    /// </summary>
    public bool CacheBackboneFeatures { get; init; }

    /// <summary>
    /// Transfer learning: BatchNorm layers stay in evaluation mode while the whole network trains — their running statistics
    /// (from the pretraining data) are used and not re-estimated from small batches of augmented crops, while their scale and
    /// shift still learn. Default false.
    /// </summary>
    public bool FreezeBatchNorm { get; init; }

    /// <summary>
    /// The final weights are the mean of the weights after each of the run's last this many epochs (stochastic weight
    /// averaging, Izmailov et al. 2018), BatchNorm's running statistics averaged alike. Default 0: the last (or best) epoch's.
    /// </summary>
    public int WeightAveragingEpochs { get; init; }

    /// <summary>
    /// The usual recipe of a convolutional network with BatchNorm on small images: SGD with momentum 0.9 at 0.1, weight decay
    /// 5e-4, cosine schedule, batch 128, crop and flip (the common CIFAR-10 recipe, e.g. kuangliu/pytorch-cifar).
    /// </summary>
    public static TrainingRecipe SgdCosine(double learningRate, string source, double weightDecay = 5e-4) =>
        new(OptimizerKind.Sgd, learningRate, 0.9, false, weightDecay, false, LearningRateSchedule.Cosine, 0, 128, 0, StandardAugmentation, source);

    /// <summary>Crop with padding of an eighth of the side, and flips for colour images.</summary>
    public static AugmentationRecipe StandardAugmentation { get; } = new(0.125, true);

    /// <summary>
    /// The learning rate for <paramref name="optimizer"/> when the user picks it without a rate: the recipe's own when it is
    /// the recipe's optimiser, else that optimiser's usual rate (1e-3 for Adam and AdamW, 0.05 for SGD).
    /// </summary>
    public double LearningRateFor(OptimizerKind optimizer) =>
        optimizer == Optimizer ? LearningRate : optimizer == OptimizerKind.Sgd ? 0.05 : 1e-3;

    /// <summary>One line for listings, e.g. <c>sgd momentum 0.9, lr 0.1, wd 5E-4, cosine, batch 128, crop (pad 0.125×size), flip (colour)</c>.</summary>
    public string Describe() => $"{DescribeOptimisation()}, {Augmentation}";

    /// <summary>The recipe without its augmentation: optimiser, rate, weight decay, schedule, batch and label smoothing.</summary>
    public string DescribeOptimisation()
    {
        var c = CultureInfo.InvariantCulture;
        string optimizer = Optimizer switch
        {
            OptimizerKind.Sgd => $"sgd{(Nesterov ? " nesterov" : "")} momentum {Momentum.ToString(c)}",
            _ => Optimizer.ToString().ToLowerInvariant(),
        };
        return $"{optimizer}, lr {LearningRate.ToString(c)}, wd {WeightDecay.ToString("0.####E+0", c)}{(WeightDecayExemptNormAndBias ? " (not norm/bias)" : "")}, " +
               $"{Schedule.ToString().ToLowerInvariant()}{(WarmupEpochs > 0 ? $" after {WarmupEpochs.ToString(c)} warm-up epochs" : "")}, batch {BatchSize}" +
               (LabelSmoothing > 0 ? $", label smoothing {LabelSmoothing.ToString(c)}" : "") +
               (FreezeBackboneEpochs > 0 ? $", head only for {FreezeBackboneEpochs} epoch{(FreezeBackboneEpochs == 1 ? "" : "s")}{(CacheBackboneFeatures ? " on cached features" : "")}" : "") +
               (BackboneLearningRateScale != 1 ? $", backbone lr ×{BackboneLearningRateScale.ToString(c)}" : "") +
               (FreezeBatchNorm ? ", BatchNorm statistics frozen" : "") +
               (WeightAveragingEpochs > 0 ? $", weights averaged over the last {WeightAveragingEpochs} epochs" : "");
    }
}
