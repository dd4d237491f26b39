namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// The prediction for one input of <see cref="ImageClassifierScorer"/>: which input it is (row, and the path when scored from
/// paths), the predicted class with its probability and every class's probability — or, for an image that could not be read
/// or decoded, the reason.
/// </summary>
public sealed class ImagePrediction
{
    private readonly IReadOnlyList<string> _classNames;

    internal ImagePrediction(long row, string? imagePath, IReadOnlyList<string> classNames, float[] scores, string? error)
    {
        Row = row;
        ImagePath = imagePath;
        _classNames = classNames;
        Scores = scores;
        Error = error?.ReplaceLineEndings(" ");
        PredictedIndex = error is null ? ArgMax(scores) : -1;
    }

    /// <summary>The input's position, counted from 0 in the order the inputs were given.</summary>
    public long Row { get; }

    /// <summary>The image file as given, when scoring from paths; null for bytes or tensors.</summary>
    public string? ImagePath { get; }

    /// <summary>True when the image was scored; false when it could not be read or decoded (see <see cref="Error"/>).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the image could not be scored (naming the file and what was expected), on one line; or null.</summary>
    public string? Error { get; }

    /// <summary>The index of the predicted class in key order (the key minus 1); −1 for a failed image.</summary>
    public int PredictedIndex { get; }

    /// <summary>The predicted class name; null for a failed image.</summary>
    public string? PredictedLabel => Succeeded ? _classNames[PredictedIndex] : null;

    /// <summary>The probability of the predicted class; NaN for a failed image.</summary>
    public float Probability => Succeeded ? Scores[PredictedIndex] : float.NaN;

    /// <summary>Every class's probability in key order (the order of the scorer's <c>ClassNames</c>); empty for a failed image.</summary>
    public float[] Scores { get; }

    /// <summary>The <paramref name="k"/> most probable classes, most probable first (fewer when there are fewer classes); empty for a failed image.</summary>
    /// <param name="k">How many; at least 1.</param>
    public IReadOnlyList<(string Label, float Probability)> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Scores.Select((probability, index) => (Label: _classNames[index], Probability: probability))
            .OrderByDescending(c => c.Probability)
            .Take(k)
            .ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => Succeeded
        ? $"row {Row}{(ImagePath is null ? "" : $" '{ImagePath}'")}: {PredictedLabel} ({Probability:F4})"
        : $"row {Row}: {Error}";

    private static int ArgMax(float[] scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best]) best = i;
        return best;
    }
}
