namespace MlNetCnn.Trainers.Training;

/// <summary>The validation figure that picks the best epoch and drives early stopping.</summary>
public enum ValidationMetric
{
    /// <summary>Top-1 accuracy on the validation images; higher is better.</summary>
    Accuracy,

    /// <summary>Mean cross-entropy on the validation images; lower is better.</summary>
    Loss,

    /// <summary>Top-5 accuracy on the validation images (needs more than 5 classes); higher is better.</summary>
    Top5Accuracy,
}
