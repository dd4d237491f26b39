namespace MlNetCnn.Models.Blocks;

/// <summary>Channel counts under a width multiplier, rounded as the MobileNets do.</summary>
public static class ChannelWidth
{
    /// <summary>
    /// torchvision's <c>_make_divisible</c>: <paramref name="channels"/> rounded to the nearest multiple of
    /// <paramref name="divisor"/>, at least <paramref name="divisor"/>, and never more than 10 % below the exact value.
    /// </summary>
    public static long MakeDivisible(double channels, long divisor = 8)
    {
        long rounded = Math.Max(divisor, (long)(channels + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * channels ? rounded + divisor : rounded;
    }
}
