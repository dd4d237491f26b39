namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>The validation figure a sweep ranks trials by (never the test set's).</summary>
public enum SweepMetric
{
    /// <summary>Top-1 accuracy on the validation images; higher is better.</summary>
    Accuracy,

    /// <summary>The mean of the per-class accuracies on the validation images; higher is better.</summary>
    MacroAccuracy,

    /// <summary>Mean cross-entropy (log loss) on the validation images; lower is better.</summary>
    Loss,
}
