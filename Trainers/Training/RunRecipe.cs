using MlNetCnn.Models.Recipes;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The recipe a run trains with: the architecture's <see cref="TrainingRecipe"/> with every option the user set put over
/// it, and the recipe's augmentation rules resolved for the input's size and channels. Resolved once per run; the
/// training core reads only this.
/// </summary>
/// <param name="Recipe">The effective recipe (its <c>Augmentation</c> still the architecture's rules).</param>
/// <param name="CropPadding">Pixels of zero padding before the random crop; 0 for none.</param>
/// <param name="Flip">Whether half of the images are flipped left–right.</param>
/// <param name="RandomErasingProbability">Probability of random erasing per image.</param>
/// <param name="ResizedCropMinScale">The smallest area of a random resized crop, as a fraction of the image; 1 for none.</param>
/// <param name="MixupAlpha">Mixup's α (one λ ~ Beta(α, α) per batch); 0 for none.</param>
internal sealed record RunRecipe(TrainingRecipe Recipe, int CropPadding, bool Flip, double RandomErasingProbability, double ResizedCropMinScale = 1,
    double MixupAlpha = 0)
{
    /// <summary>
    /// Puts the options the user set over <paramref name="architectureRecipe"/> — or, when the run starts from pretrained
    /// weights, over <see cref="KnownRecipes.FineTuning"/> — and checks the combination: Nesterov needs
    /// SGD with momentum, and a warm-up the user asked for must fit in the run (the recipe's own is cut to it). A learning
    /// rate left unset follows the linear scaling rule for SGD (Goyal et al. 2017): the recipe's rate is for the recipe's
    /// batch, so a smaller batch — set by the user, or forced by fewer training rows than a batch — gets a proportionally
    /// smaller rate.
    /// </summary>
    /// <param name="options">The trainer's options.</param>
    /// <param name="architectureRecipe">The architecture's recipe.</param>
    /// <param name="channels">Image channels (flips are for colour images).</param>
    /// <param name="imageSize">Image side (the crop padding follows it).</param>
    /// <param name="trainingRows">Rows trained on: a batch is never larger.</param>
    public static RunRecipe Resolve(ImageClassificationTrainerOptions options, TrainingRecipe architectureRecipe, int channels, int imageSize,
        long trainingRows = long.MaxValue)
    {
        if (options.HasPretrainedWeights) architectureRecipe = KnownRecipes.FineTuning;
        var optimizer = options.Optimizer ?? architectureRecipe.Optimizer;
        double momentum = options.Momentum ?? architectureRecipe.Momentum;
        bool recipeNesterov = architectureRecipe.Nesterov && optimizer == OptimizerKind.Sgd && momentum > 0;
        int batchSize = options.BatchSize ?? architectureRecipe.BatchSize;
        double batchScale = optimizer == OptimizerKind.Sgd ? Math.Min(batchSize, trainingRows) / (double)architectureRecipe.BatchSize : 1;
        var recipe = architectureRecipe with
        {
            Optimizer = optimizer,
            LearningRate = options.LearningRate ?? architectureRecipe.LearningRateFor(optimizer) * Math.Min(1, batchScale),
            Momentum = momentum,
            Nesterov = options.Nesterov ?? recipeNesterov,
            WeightDecay = options.WeightDecay ?? architectureRecipe.WeightDecay,
            WeightDecayExemptNormAndBias = options.WeightDecayExemptNormAndBias ?? architectureRecipe.WeightDecayExemptNormAndBias,
            Schedule = options.LearningRateSchedule ?? architectureRecipe.Schedule,
            WarmupEpochs = options.WarmupEpochs ?? Math.Min(architectureRecipe.WarmupEpochs, options.Epochs),
            BatchSize = batchSize,
            LabelSmoothing = options.LabelSmoothing ?? architectureRecipe.LabelSmoothing,
            FreezeBackboneEpochs = options.FreezeBackboneEpochs ?? Math.Min(architectureRecipe.FreezeBackboneEpochs, options.Epochs),
            BackboneLearningRateScale = options.BackboneLearningRateScale ?? architectureRecipe.BackboneLearningRateScale,
            CacheBackboneFeatures = options.CacheBackboneFeatures ?? architectureRecipe.CacheBackboneFeatures,
            FreezeBatchNorm = options.FreezeBatchNorm ?? architectureRecipe.FreezeBatchNorm,
            WeightAveragingEpochs = options.WeightAveragingEpochs ?? Math.Min(architectureRecipe.WeightAveragingEpochs, options.Epochs),
        };
        if (recipe.Nesterov && (recipe.Optimizer != OptimizerKind.Sgd || recipe.Momentum == 0))
            throw new ArgumentException(
                $"Nesterov needs Optimizer = Sgd and Momentum above 0; got Optimizer = {recipe.Optimizer}, Momentum = {recipe.Momentum}. Set Nesterov to false, or change them.",
                nameof(options.Nesterov));
        var augmentation = architectureRecipe.Augmentation;
        return new RunRecipe(recipe,
            options.RandomCropPadding ?? augmentation.CropPadding(imageSize),
            options.HorizontalFlip ?? augmentation.Flip(channels),
            options.RandomErasingProbability ?? augmentation.RandomErasingProbability,
            options.RandomResizedCropScale ?? augmentation.ResizedCropMinScale,
            options.MixupAlpha ?? augmentation.MixupAlpha);
    }

    /// <summary>The learning-rate curve of the run.</summary>
    public LearningRates LearningRates(ImageClassificationTrainerOptions options) =>
        new(Recipe.Schedule, Recipe.LearningRate, Recipe.WarmupEpochs, options.LearningRateDecay, options.LearningRateStepEpochs);

    /// <summary>One line for the log: the recipe and the augmentation as applied.</summary>
    public override string ToString() =>
        $"{Recipe.DescribeOptimisation()}; augmentation: " +
        (ResizedCropMinScale < 1 ? $"resized crop of {ResizedCropMinScale}–1 of the area, " : "") +
        (CropPadding > 0 ? $"crop with {CropPadding} px padding" : "no crop") + (Flip ? ", flip" : "") +
        (RandomErasingProbability > 0 ? $", erasing {RandomErasingProbability}" : "") +
        (MixupAlpha > 0 ? $", mixup α {MixupAlpha}" : "");
}
