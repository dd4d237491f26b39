using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Random erasing (Zhong et al. 2017) as torchvision's <c>RandomErasing</c> does it with its defaults: with probability
/// p, an image gets one rectangle of zeros (the mean after normalisation) covering 2–33 % of its area with an aspect
/// ratio between 0.3 and 3.3 (drawn log-uniformly); up to ten draws find a rectangle that fits, else the image stays
/// whole (<see cref="RandomRectangle"/>). The rectangles are drawn from the seeded generator and applied as one mask on the training device.
/// </summary>
internal sealed class RandomErasing
{
    /// <summary>torchvision's default range of the erased area, as a fraction of the image.</summary>
    public const double MinArea = 0.02, MaxArea = 0.33;

    /// <summary>torchvision's default range of the erased rectangle's aspect ratio (height / width).</summary>
    public const double MinAspect = 0.3, MaxAspect = 3.3;

    private readonly double _probability;
    private readonly Generator? _generator;

    public RandomErasing(double probability, Generator? generator)
    {
        _probability = probability;
        _generator = generator;
    }

    public bool IsActive => _probability > 0;

    /// <summary>Returns <paramref name="x"/> (<c>[N, C, H, W]</c>) with the drawn rectangles set to zero.</summary>
    public Tensor Apply(Tensor x)
    {
        long batch = x.shape[0], height = x.shape[2], width = x.shape[3];
        // Per image: one draw for "erase or not", then per attempt area, aspect, top and left.
        float[] draws = rand(new[] { batch, 1 + RandomRectangle.Draws }, generator: _generator).data<float>().ToArray();
        var boxes = new long[4 * batch];
        for (long i = 0; i < batch; i++)
        {
            var (top, left, h, w) = Draw(draws.AsSpan((int)(i * (1 + RandomRectangle.Draws)), 1 + RandomRectangle.Draws), height, width);
            boxes[i] = top; boxes[batch + i] = top + h; boxes[2 * batch + i] = left; boxes[3 * batch + i] = left + w;
        }
        var box = tensor(boxes, new long[] { 4, batch, 1, 1 }).to(x.device);
        var rows = arange(height, device: x.device).view(1, height, 1);
        var cols = arange(width, device: x.device).view(1, 1, width);
        var mask = rows.ge(box[0]).logical_and(rows.lt(box[1])).logical_and(cols.ge(box[2])).logical_and(cols.lt(box[3]));
        return x.masked_fill(mask.unsqueeze(1), 0);
    }

    /// <summary>The rectangle for one image, or an empty one (height 0) when it is not erased or nothing fits.</summary>
    private (long Top, long Left, long Height, long Width) Draw(ReadOnlySpan<float> u, long height, long width) =>
        u[0] < _probability
            ? RandomRectangle.Draw(u[1..], height, width, MinArea, MaxArea, MinAspect, MaxAspect, mayFillSide: false) ?? (0, 0, 0, 0)
            : (0, 0, 0, 0);
}
