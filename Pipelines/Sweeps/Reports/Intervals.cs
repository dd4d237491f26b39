namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>95 % intervals of the accuracy figures that trials report (<see cref="TrialMetrics"/>).</summary>
public static class Intervals
{
    /// <summary>The z of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>
    /// The Wilson score interval of a proportion, <paramref name="successes"/> of <paramref name="n"/>: unlike the normal
    /// approximation it stays within [0, 1] and is honest near 0 and 1. With no trials it is [0, 1] (nothing is known).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, more successes than trials, or z not positive.</exception>
    public static (double Low, double High) WilsonInterval(long successes, long n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        if (n == 0) return (0, 1);
        double p = (double)successes / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The interval of a macro accuracy (the mean of the per-class accuracies of the classes that have images), from the
    /// sampling uncertainty of each class's accuracy: a normal approximation with variance Σ p̃(1 − p̃)/n over the classes,
    /// divided by the number of classes squared, where p̃ is each class's Wilson centre — so a class scored all right or all
    /// wrong still adds its uncertainty. Clamped to [0, 1]; [0, 1] with no class.
    /// </summary>
    /// <param name="perClassAccuracy">Each class's accuracy, e.g. <c>ClassificationReport.PerClassAccuracy</c>; null for a class without images.</param>
    /// <param name="classImages">Each class's image count, in the same order.</param>
    /// <param name="z">The normal quantile; 1.96 for 95 %.</param>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static (double Low, double High) MacroAccuracyInterval(IReadOnlyList<double?> perClassAccuracy, IReadOnlyList<long> classImages, double z = Z95)
    {
        ArgumentNullException.ThrowIfNull(perClassAccuracy);
        ArgumentNullException.ThrowIfNull(classImages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        if (perClassAccuracy.Count != classImages.Count)
            throw new ArgumentException($"{perClassAccuracy.Count} class accuracies but {classImages.Count} class counts; expected one of each per class.", nameof(classImages));
        double sum = 0, variance = 0, z2 = z * z;
        int classes = 0;
        for (int c = 0; c < perClassAccuracy.Count; c++)
        {
            if (perClassAccuracy[c] is not double p || classImages[c] <= 0) continue;
            double n = classImages[c];
            double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
            sum += p;
            variance += centre * (1 - centre) / n;
            classes++;
        }
        if (classes == 0) return (0, 1);
        double mean = sum / classes, half = z * Math.Sqrt(variance) / classes;
        return (Math.Max(0, mean - half), Math.Min(1, mean + half));
    }
}
