namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Draws a random rectangle of an image as torchvision's <c>RandomErasing</c> and <c>RandomResizedCrop</c> do: an area
/// uniform in a range of the image's, an aspect ratio log-uniform in a range, a position uniform among those that fit;
/// up to <see cref="Attempts"/> draws until one fits. The uniform numbers come from the caller, drawn from a seeded
/// generator in one tensor per batch.
/// </summary>
internal static class RandomRectangle
{
    /// <summary>Draws before giving up.</summary>
    public const int Attempts = 10;

    /// <summary>Uniform numbers one attempt uses: area, aspect, top, left.</summary>
    public const int DrawsPerAttempt = 4;

    /// <summary>Uniform numbers a whole draw uses.</summary>
    public const int Draws = Attempts * DrawsPerAttempt;

    /// <summary>
    /// The rectangle for uniform numbers <paramref name="u"/> (<see cref="Draws"/> of them), or null when no attempt fits.
    /// </summary>
    /// <param name="u">Uniform numbers in [0, 1).</param>
    /// <param name="height">The image's height.</param>
    /// <param name="width">The image's width.</param>
    /// <param name="minArea">The smallest area, as a fraction of the image's.</param>
    /// <param name="maxArea">The largest area, as a fraction of the image's.</param>
    /// <param name="minAspect">The smallest aspect ratio (height / width).</param>
    /// <param name="maxAspect">The largest aspect ratio.</param>
    /// <param name="mayFillSide">True when the rectangle may be as high or as wide as the image (a crop); false when it must be smaller (erasing).</param>
    public static (long Top, long Left, long Height, long Width)? Draw(ReadOnlySpan<float> u, long height, long width,
        double minArea, double maxArea, double minAspect, double maxAspect, bool mayFillSide)
    {
        double area = height * width, logMin = Math.Log(minAspect), logMax = Math.Log(maxAspect);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            var a = u.Slice(DrawsPerAttempt * attempt, DrawsPerAttempt);
            double target = area * (minArea + (maxArea - minArea) * a[0]);
            double aspect = Math.Exp(logMin + (logMax - logMin) * a[1]);
            long h = (long)Math.Round(Math.Sqrt(target * aspect)), w = (long)Math.Round(Math.Sqrt(target / aspect));
            bool fits = h >= 1 && w >= 1 && (mayFillSide ? h <= height && w <= width : h < height && w < width);
            if (!fits)
                continue;
            long top = Math.Min((long)(a[2] * (height - h + 1)), height - h);
            long left = Math.Min((long)(a[3] * (width - w + 1)), width - w);
            return (top, left, h, w);
        }
        return null;
    }
}
