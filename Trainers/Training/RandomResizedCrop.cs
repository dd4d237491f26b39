using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Random resized crop as torchvision's <c>RandomResizedCrop</c> does it, on the training device: per image one rectangle
/// of <c>minScale</c>–100 % of the area with an aspect ratio between 3/4 and 4/3 (drawn log-uniformly; up to ten draws,
/// else the whole image, which is torchvision's fallback for square images), resized back to the input size with
/// bilinear interpolation. The rectangles are drawn from the seeded generator, so a seed gives the same crops.
/// </summary>
internal sealed class RandomResizedCrop
{
    /// <summary>torchvision's default range of the crop's aspect ratio.</summary>
    public const double MinAspect = 3.0 / 4, MaxAspect = 4.0 / 3;

    private readonly double _minScale;
    private readonly Generator? _generator;

    /// <param name="minScale">The smallest crop area as a fraction of the image; 1 turns the crop off.</param>
    /// <param name="generator">The run's generator.</param>
    public RandomResizedCrop(double minScale, Generator? generator)
    {
        _minScale = minScale;
        _generator = generator;
    }

    public bool IsActive => _minScale < 1;

    /// <summary>Returns the crops of <paramref name="x"/> (<c>[N, C, H, W]</c>), each resized to <c>H×W</c>.</summary>
    public Tensor Apply(Tensor x)
    {
        long batch = x.shape[0], height = x.shape[2], width = x.shape[3];
        float[] draws = rand(new[] { batch, RandomRectangle.Draws }, generator: _generator).data<float>().ToArray();
        var crops = new Tensor[batch];
        for (long i = 0; i < batch; i++)
        {
            var (top, left, h, w) = RandomRectangle.Draw(draws.AsSpan((int)(i * RandomRectangle.Draws), RandomRectangle.Draws), height, width,
                _minScale, 1, MinAspect, MaxAspect, mayFillSide: true) ?? (0, 0, height, width);
            var crop = x[i].narrow(1, top, h).narrow(2, left, w).unsqueeze(0);
            crops[i] = h == height && w == width
                ? crop
                : nn.functional.interpolate(crop, new[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
        }
        return cat(crops, 0);
    }
}
