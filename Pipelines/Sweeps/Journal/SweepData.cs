namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>The images a sweep trains and validates on, as its spec records them.</summary>
/// <param name="Source">The data set's name, e.g. <c>mnist</c> or <c>folder</c>.</param>
/// <param name="Path">The data's location as the user gave it (text, not resolved).</param>
/// <param name="Limit">The cap on images read, or null for all.</param>
/// <param name="ImageSize">Square side the images are resized to.</param>
/// <param name="Channels">Input channels (1 or 3).</param>
/// <param name="ClassNames">The class names in key order.</param>
/// <param name="ValidationFraction">The share of the training images held out for validation, when split that way.</param>
/// <param name="ValidationFolder">The validation images' folder, when given as one.</param>
/// <param name="TrainImages">Training images.</param>
/// <param name="ValidationImages">Validation images.</param>
public sealed record SweepData(
    string Source, string Path, int? Limit, int ImageSize, int Channels, IReadOnlyList<string> ClassNames, double? ValidationFraction,
    string? ValidationFolder, long TrainImages, long ValidationImages);
