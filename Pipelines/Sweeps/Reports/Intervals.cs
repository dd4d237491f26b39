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
    /// The interval of a macro accuracy (the mean of per-class accuracies): mean ± z · sd / √classes, with the sample
    /// standard deviation of the classes' accuracies, clamped to [0, 1]. Classes without images (null) are left out, as in
    /// the macro accuracy; with one class the interval is that class's accuracy, with none it is [0, 1].
    /// </summary>
    /// <param name="perClassAccuracies">Each class's accuracy, e.g. <c>ClassificationReport.PerClassAccuracy</c>.</param>
    /// <param name="z">The normal quantile; 1.96 for 95 %.</param>
    public static (double Low, double High) MacroAccuracyInterval(IEnumerable<double?> perClassAccuracies, double z = Z95)
    {
        ArgumentNullException.ThrowIfNull(perClassAccuracies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        double[] accuracies = perClassAccuracies.OfType<double>().ToArray();
        if (accuracies.Length == 0) return (0, 1);
        double mean = accuracies.Average();
        if (accuracies.Length == 1) return (mean, mean);
        double variance = accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Length - 1);
        double half = z * Math.Sqrt(variance) / Math.Sqrt(accuracies.Length);
        return (Math.Max(0, mean - half), Math.Min(1, mean + half));
    }
}
