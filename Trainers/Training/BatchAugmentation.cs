using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Augmentation of a normalised batch on the training device: random resized crops, random horizontal flips, random crops
/// from the image padded with zeros (the mean after normalisation) and random erasing, in that order (as in
/// torchvision, where <c>RandomResizedCrop</c> comes first and <c>RandomErasing</c> follows <c>ToTensor</c> and <c>Normalize</c>). Random numbers come from
/// a seeded generator, so a seed reproduces the same augmented batches.
/// </summary>
internal sealed class BatchAugmentation
{
    private readonly int _padding;
    private readonly bool _flip;
    private readonly RandomErasing _erasing;
    private readonly RandomResizedCrop _resizedCrop;
    private readonly Generator? _generator;

    /// <param name="padding">Zero padding before a random crop back to the image size; 0 for none.</param>
    /// <param name="flip">Flip half of the images left–right.</param>
    /// <param name="erasingProbability">Probability of random erasing per image; 0 for none.</param>
    /// <param name="generator">The run's generator, or null for the global one.</param>
    /// <param name="resizedCropMinScale">The smallest area of a random resized crop, as a fraction of the image; 1 for none.</param>
    public BatchAugmentation(int padding, bool flip, double erasingProbability, Generator? generator, double resizedCropMinScale = 1)
    {
        _padding = padding;
        _flip = flip;
        _erasing = new RandomErasing(erasingProbability, generator);
        _resizedCrop = new RandomResizedCrop(resizedCropMinScale, generator);
        _generator = generator;
    }

    /// <summary>No augmentation (validation): draws no random numbers.</summary>
    public static BatchAugmentation None { get; } = new(0, false, 0, null);

    /// <summary>A run's augmentation, as <paramref name="recipe"/> resolved it, drawing from <paramref name="generator"/>.</summary>
    public static BatchAugmentation Of(RunRecipe recipe, Generator generator) =>
        new(recipe.CropPadding, recipe.Flip, recipe.RandomErasingProbability, generator, recipe.ResizedCropMinScale);

    public bool IsActive => _padding > 0 || _flip || _erasing.IsActive || _resizedCrop.IsActive;

    /// <summary>Returns the augmented batch (a new tensor in the caller's dispose scope).</summary>
    public Tensor Apply(Tensor x)
    {
        if (_resizedCrop.IsActive)
            x = _resizedCrop.Apply(x);
        long batch = x.shape[0], height = x.shape[2], width = x.shape[3];
        if (_flip)
        {
            var flipMask = rand(new[] { batch }, generator: _generator).lt(0.5).to(x.device).view(batch, 1, 1, 1);
            x = where(flipMask, x.flip(3), x);
        }
        if (_padding > 0)
        {
            var padded = nn.functional.pad(x, new long[] { _padding, _padding, _padding, _padding });
            long[] offsets = randint(0, 2 * _padding + 1, new[] { batch, 2 }, generator: _generator).data<long>().ToArray();
            var crops = new Tensor[batch];
            for (long i = 0; i < batch; i++)
                crops[i] = padded[i].narrow(1, offsets[2 * i], height).narrow(2, offsets[2 * i + 1], width);
            x = stack(crops);
        }
        if (_erasing.IsActive)
            x = _erasing.Apply(x);
        return x;
    }
}
