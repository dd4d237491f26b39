namespace MlNetCnn.Cli.Training;

/// <summary>The training choices of <c>train</c>, already validated; null means the trainer's default.</summary>
internal sealed record TrainSettings(
    string Architecture,
    IReadOnlyDictionary<string, string> ArchitectureSettings,
    int? ImageSize,
    int InChannels,
    int? Epochs,
    int? BatchSize,
    double? LearningRate,
    string Device,
    int? Seed,
    string? WeightsPath)
{
    /// <summary>Values of <c>--device</c>.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["auto", "cpu", "cuda"];
}
