namespace MlNetCnn.Pipelines.DataSets;

/// <summary>An image file a loader left out because it could not be read or decoded.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why: the error message, naming the file and what was expected.</param>
public sealed record SkippedImage(string Path, string Reason);
