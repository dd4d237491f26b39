namespace MlNetCnn.Models.Onnx;

/// <summary>What the scoring graph needs besides the network: input, normalisation and class names.</summary>
/// <param name="InputName">The graph input's name (ML.NET binds it to the column of that name).</param>
/// <param name="Channels">Input channels.</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="Mean">Per-channel mean subtracted from the input (input scale, typically 0–1).</param>
/// <param name="Std">Per-channel standard deviation the centred input is divided by.</param>
/// <param name="ClassNames">Class names in class-index order.</param>
/// <param name="ScoreName">The probabilities output <c>[batch, K]</c>.</param>
/// <param name="PredictedClassName">The output holding the class name at the arg-max <c>[batch]</c>.</param>
/// <param name="FlipAveraging">
/// Test-time augmentation: the network also sees every image flipped left–right, and the two logits are averaged before
/// the softmax (twice the compute per image).
/// </param>
public sealed record ScoringGraphSpec(
    string InputName, int Channels, int Height, int Width, float[] Mean, float[] Std, IReadOnlyList<string> ClassNames,
    string ScoreName = "Score", string PredictedClassName = "PredictedClassName", bool FlipAveraging = false)
{
    internal void Validate()
    {
        if (Mean.Length != Channels || Std.Length != Channels)
            throw new ArgumentException($"Mean and Std need one value per channel ({Channels}); got {Mean.Length} and {Std.Length}.");
        if (Std.Any(s => !(s > 0)))
            throw new ArgumentException($"Std values must be positive; got [{string.Join(", ", Std)}].");
        if (ClassNames.Count < 2)
            throw new ArgumentException($"A classifier needs at least two class names; got {ClassNames.Count}.");
    }
}
