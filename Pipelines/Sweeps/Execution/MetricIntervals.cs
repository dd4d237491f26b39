namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>95 % intervals of the validation figures a trial reports.</summary>
internal static class MetricIntervals
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The Wilson score interval of a proportion of <paramref name="successes"/> in <paramref name="trials"/>; (0, 1) with no trials.</summary>
    public static (double Low, double High) Wilson(double successes, long trials, double z = Z95)
    {
        if (trials <= 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The interval of a macro accuracy (the mean of the per-class accuracies of the classes that have images): normal
    /// approximation with the variance Σ p̃(1 − p̃)/n over the classes, divided by the number of classes squared, where p̃ is
    /// each class's Wilson centre — so a class scored all right or all wrong still contributes its uncertainty.
    /// </summary>
    /// <param name="perClassAccuracy">Each class's accuracy; null for a class without images.</param>
    /// <param name="classImages">Each class's image count, in the same order.</param>
    /// <param name="z">The normal quantile of the interval.</param>
    public static (double Low, double High) Macro(IReadOnlyList<double?> perClassAccuracy, IReadOnlyList<long> classImages, double z = Z95)
    {
        double sum = 0, variance = 0;
        int classes = 0;
        for (int c = 0; c < perClassAccuracy.Count; c++)
        {
            if (perClassAccuracy[c] is not double p || classImages[c] <= 0) continue;
            double n = classImages[c], z2 = z * z;
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
