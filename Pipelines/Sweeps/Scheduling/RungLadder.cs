namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>
/// The epochs where successive halving pauses trials: <c>min · ηᵏ</c> while the next rung still fits, then the full run.
/// With min 1, η 3 and 9 epochs: 1, 3, 9; with 10 epochs: 1, 3, 10.
/// </summary>
public sealed class RungLadder
{
    /// <summary>Builds the ladder, checking its numbers.</summary>
    /// <param name="minEpochs">The first rung, at least 1 and at most <paramref name="maxEpochs"/>.</param>
    /// <param name="maxEpochs">The full run.</param>
    /// <param name="eta">The reduction factor: a rung keeps 1/η of its trials; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number out of range, named.</exception>
    public RungLadder(int minEpochs, int maxEpochs, int eta)
    {
        if (maxEpochs < 1)
            throw new ArgumentOutOfRangeException(nameof(maxEpochs), maxEpochs, "The sweep's epochs must be at least 1.");
        if (minEpochs < 1 || minEpochs > maxEpochs)
            throw new ArgumentOutOfRangeException(nameof(minEpochs), minEpochs, $"The first rung (min epochs) must be between 1 and the sweep's epochs ({maxEpochs}).");
        if (eta < 2)
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "Eta, the reduction factor of successive halving, must be at least 2.");
        MinEpochs = minEpochs;
        MaxEpochs = maxEpochs;
        Eta = eta;
        var epochs = new List<int>();
        for (long rung = minEpochs; rung * eta <= maxEpochs; rung *= eta)
            epochs.Add((int)rung);
        epochs.Add(maxEpochs);
        Epochs = epochs.Distinct().ToArray();
    }

    /// <summary>A ladder of one rung: every trial runs all <paramref name="maxEpochs"/>.</summary>
    public static RungLadder Single(int maxEpochs) => new(maxEpochs, maxEpochs, 2);

    /// <summary>The first rung.</summary>
    public int MinEpochs { get; }

    /// <summary>The full run.</summary>
    public int MaxEpochs { get; }

    /// <summary>The reduction factor.</summary>
    public int Eta { get; }

    /// <summary>The rungs, ascending; the last is <see cref="MaxEpochs"/>.</summary>
    public IReadOnlyList<int> Epochs { get; }

    /// <summary>The rung after <paramref name="epoch"/>, or null at the full run.</summary>
    public int? After(int epoch) => Epochs.FirstOrDefault(e => e > epoch) is var next && next > 0 ? next : null;

    /// <summary>
    /// How many of <paramref name="count"/> trials at a rung go on in synchronous successive halving: ⌈count / η⌉, rounded
    /// up so that a small sweep still compares more than one trial at its last rung (12 trials with η 3 send 4, then 2, to
    /// the full run; rounding down would send a single trial chosen at the third epoch).
    /// </summary>
    public int Promoted(int count) => Math.Max(1, (count + Eta - 1) / Eta);

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Epochs);
}
