namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>What a candidate is checked against before the first trial.</summary>
/// <param name="Channels">Input channels of the sweep's images.</param>
/// <param name="ImageSize">Square side of the sweep's images.</param>
/// <param name="Classes">Classes of the label.</param>
/// <param name="MaxParameters">The largest parameter count allowed, or null for no cap.</param>
public sealed record SpaceCheck(int Channels, int ImageSize, int Classes, long? MaxParameters = null);
